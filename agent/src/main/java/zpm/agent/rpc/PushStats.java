package zpm.agent.rpc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters over every subscription of the agent, for {@code agent.info}. Thread safe. */
public final class PushStats {

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicInteger peakQueued = new AtomicInteger();

    void dropped(long n) {
        dropped.addAndGet(n);
    }

    void queued(int depth) {
        peakQueued.accumulateAndGet(depth, Math::max);
    }

    /** Notifications (events, log lines) dropped because a subscriber read too slowly. */
    public long droppedNotifications() {
        return dropped.get();
    }

    /** The deepest any subscription's queue has been: never above {@link RpcLimits#subscriberQueue()} + 1. */
    public int peakQueued() {
        return peakQueued.get();
    }
}
