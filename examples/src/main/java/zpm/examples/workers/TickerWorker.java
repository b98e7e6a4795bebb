package zpm.examples.workers;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker with no port that prints {@code tick <n> from worker <id>} every {@code --every-ms}
 * (default 1000) and exits 0 with a {@code bye} line on SIGTERM: the simplest thing to watch
 * in the agent's logs, to resize, and to restart.
 */
public final class TickerWorker {

    static final String USAGE = "TickerWorker [--every-ms N]";

    private TickerWorker() {
    }

    public static void main(String[] argv) {
        long everyMs;
        try {
            everyMs = WorkerArgs.parse(argv, Set.of("--every-ms"), Set.of())
                    .number("--every-ms", 1000, 1, Long.MAX_VALUE);
        } catch (WorkerArgs.UsageException e) {
            WorkerArgs.exitWithUsage(e, USAGE);
            return;
        }
        WorkerIdentity identity = WorkerIdentity.current();
        AtomicLong ticks = new AtomicLong();
        // A non-daemon thread: it keeps the JVM alive after main returns.
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ticker"));
        Termination.onSignal(() -> {
            timer.shutdownNow();
            awaitQuietly(timer);
            // After the timer stopped, so "bye" is the last line.
            System.out.println("bye from worker " + identity.id() + " after " + ticks.get() + " ticks");
        });
        System.out.println(identity.startLine(null));
        timer.scheduleAtFixedRate(
                () -> System.out.println("tick " + ticks.incrementAndGet() + " from worker " + identity.id()),
                everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    private static void awaitQuietly(ScheduledExecutorService timer) {
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
