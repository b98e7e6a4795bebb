package zpm.agent.rpc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import zpm.agent.os.OutputLine;
import zpm.protocol.jsonrpc.Notification;

/**
 * The lines of one followed {@code logs} call, from the launcher's io thread to the session's
 * subscription. Listening starts before the call reads its tail, so that no line printed in
 * between is lost; the lines the tail already returned (and any older line of the same worker, by
 * its line number) are left out when the subscription starts. The io thread only appends to a
 * bounded buffer and, when it was empty, asks for one drain on the session's context: a flood
 * costs one task per batch, not one per line. A drain moves only what the subscription has room
 * for; the rest waits, and the subscription asks for the next drain once it has been half written
 * out. When the buffer is full the oldest line goes (counted as dropped, the gap reported before
 * the lines after it): like {@code tail -f} catching up, a follower always gets the end of a
 * burst, such as the last line of a crashing worker. No line becomes JSON before there is room.
 */
final class FollowedLines implements Consumer<OutputLine> {

    private final Predicate<OutputLine> wanted;
    private final int capacity;
    private final Consumer<Runnable> onContext;
    private Function<OutputLine, Notification> toNotification;
    /** Guarded by this. */
    private final ArrayDeque<OutputLine> pending = new ArrayDeque<>();
    /** Guarded by this: lines lost before every line now pending. */
    private long lost;
    /** Guarded by this: a drain is on its way, or the subscription has not started yet. */
    private boolean draining = true;
    /** Set on the session's context by start. */
    private PushQueue sub;
    private Runnable pump;

    FollowedLines(Predicate<OutputLine> wanted, int capacity, Consumer<Runnable> onContext) {
        this.wanted = wanted;
        this.capacity = capacity;
        this.onContext = onContext;
    }

    /** A line the worker wrote (io thread): kept for the next drain, or counted. */
    @Override
    public void accept(OutputLine line) {
        if (!wanted.test(line)) {
            return;
        }
        boolean schedule;
        synchronized (this) {
            if (pending.size() >= capacity) {
                pending.removeFirst();
                lost++;
            }
            pending.addLast(line);
            schedule = !draining;
            draining = true;
        }
        if (schedule) {
            onContext.accept(this::drain);
        }
    }

    /**
     * The call answered (session's context): from now on lines go to {@code sub}; those in
     * {@code tail} were in the answer already.
     */
    void start(PushQueue sub, List<OutputLine> tail, Function<OutputLine, Notification> toNotification,
               Runnable pump) {
        this.sub = sub;
        this.toNotification = toNotification;
        this.pump = pump;
        sub.onRoom(this::drain);
        Map<Long, Long> answeredUpTo = new HashMap<>(); // worker -> its newest line number in the answer
        for (OutputLine l : tail) {
            if (l.seq() >= 0) {
                answeredUpTo.merge(l.workerId(), l.seq(), Math::max);
            }
        }
        synchronized (this) {
            pending.removeIf(l -> l.seq() >= 0 && l.seq() <= answeredUpTo.getOrDefault(l.workerId(), -1L));
        }
        drain();
    }

    /** Session's context: as many pending lines as the subscription has room for, the gap first. */
    private void drain() {
        List<OutputLine> batch;
        long lostNow;
        synchronized (this) {
            lostNow = lost;
            lost = 0;
            int n = Math.min(sub.room(lostNow), pending.size());
            batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(pending.pollFirst());
            }
            draining = false; // lines left wait for the subscription's room (onRoom) or the next line
        }
        if (lostNow > 0) {
            sub.dropped(lostNow);
        }
        for (OutputLine line : batch) {
            sub.offer(toNotification.apply(line));
        }
        pump.run();
    }
}
