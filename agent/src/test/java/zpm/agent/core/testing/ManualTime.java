package zpm.agent.core.testing;

import zpm.agent.core.Clock;
import zpm.agent.core.Scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A fake clock and a manual scheduler: time moves only when a test calls {@link #advance}. */
public final class ManualTime implements Clock, Scheduler {

    private static final Instant EPOCH = Instant.parse("2026-11-21T10:00:00Z");

    private long now = 1_000_000;
    private long order;
    private final List<Task> tasks = new ArrayList<>();

    private final class Task implements Timer {
        final long due;
        final long seq;
        final Runnable run;
        boolean cancelled;

        Task(long due, long seq, Runnable run) {
            this.due = due;
            this.seq = seq;
            this.run = run;
        }

        @Override
        public void cancel() {
            cancelled = true;
            tasks.remove(this);
        }
    }

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant now() {
        return EPOCH.plusMillis(now);
    }

    @Override
    public Timer schedule(long delayMs, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMs), order++, task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward, running every task that falls due, in due order. */
    public void advance(long ms) {
        long end = now + ms;
        while (true) {
            Task next = tasks.stream().filter(t -> t.due <= end)
                    .min(Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.seq))
                    .orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.due);
            next.run.run();
        }
        now = end;
    }

    /** Pending timers. */
    public int pending() {
        return tasks.size();
    }
}
