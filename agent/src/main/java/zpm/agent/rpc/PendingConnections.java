package zpm.agent.rpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The connections of one listener that have not authenticated yet, oldest first. A new
 * connection is always admitted; past {@link RpcLimits#MAX_UNAUTHENTICATED} the oldest waiting
 * one is closed instead, once it has had {@link RpcLimits#UNAUTHENTICATED_GRACE} to log in, and
 * at {@link RpcLimits#MAX_UNAUTHENTICATED_HARD} at once. So a flood of sockets that never log in
 * can delay a real client by a moment, never keep it out (the flood's sockets are the older
 * ones, and a burst the event loop admits before it reads the client's auth does not push the
 * client out), and what the agent holds for them is bounded. Touched on the listener's context.
 *
 * @param <C> the listener's connection (a TCP connection, an HTTP connection)
 */
final class PendingConnections<C> {

    private static final Logger log = LoggerFactory.getLogger(PendingConnections.class);
    /** A flood closes thousands: one warning for the first and then one per this many. */
    private static final int WARN_EVERY = 1000;

    private final String transport;
    private final Consumer<C> evict;
    private final LongSupplier clockMs;
    private final LinkedHashMap<C, Long> pending = new LinkedHashMap<>();
    private long evicted;

    /** @param evict closes a connection pushed out to make room (it is no longer counted here) */
    PendingConnections(String transport, Consumer<C> evict, LongSupplier clockMs) {
        this.transport = transport;
        this.evict = evict;
        this.clockMs = clockMs;
    }

    /** Counts a new connection in, closing the oldest waiting ones as the budget requires. */
    void admit(C connection) {
        long now = clockMs.getAsLong();
        long graceMs = RpcLimits.UNAUTHENTICATED_GRACE.toMillis();
        Iterator<Map.Entry<C, Long>> oldest = pending.entrySet().iterator();
        while (pending.size() >= RpcLimits.MAX_UNAUTHENTICATED && oldest.hasNext()) {
            Map.Entry<C, Long> e = oldest.next();
            if (pending.size() < RpcLimits.MAX_UNAUTHENTICATED_HARD && now - e.getValue() < graceMs) {
                break; // the oldest is still in its grace: so are all the younger ones
            }
            oldest.remove();
            if (evicted++ % WARN_EVERY == 0) {
                log.warn("rpc unauthenticated connections over budget transport={} max={}: closing the oldest"
                        + " (closed so far: {})", transport, RpcLimits.MAX_UNAUTHENTICATED, evicted);
            }
            evict.accept(e.getKey());
        }
        pending.put(connection, now);
    }

    /** The connection authenticated or closed; true when it was still counted here. */
    boolean leave(C connection) {
        return pending.remove(connection) != null;
    }

    int size() {
        return pending.size();
    }
}
