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
 * its line number) are left out when the subscription starts. The io thread only appends to a bounded buffer and, when it
 * was empty, asks for one drain on the session's context: a flood costs one task per batch, not
 * one per line. Lines past the buffer, and lines the subscription has no room for (a subscriber
 * that does not read), are counted as dropped without ever being turned into JSON.
 */
final class FollowedLines implements Consumer<OutputLine> {

    private final Predicate<OutputLine> wanted;
    private final int capacity;
    private final Consumer<Runnable> onContext;
    private Function<OutputLine, Notification> toNotification;
    /** Guarded by this. */
    private final ArrayDeque<OutputLine> pending = new ArrayDeque<>();
    /** Guarded by this: lines lost after every line now pending. */
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
                lost++;
                return;
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

    private void drain() {
        List<OutputLine> batch;
        long lostNow;
        synchronized (this) {
            batch = new ArrayList<>(pending);
            pending.clear();
            lostNow = lost;
            lost = 0;
            draining = false;
        }
        int i = 0;
        for (; i < batch.size() && !sub.full(); i++) {
            sub.offer(toNotification.apply(batch.get(i)));
        }
        long dropped = (batch.size() - i) + lostNow;
        if (dropped > 0) {
            sub.dropped(dropped);
        }
        pump.run();
    }
}
