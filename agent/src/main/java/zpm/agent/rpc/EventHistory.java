package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last events of the agent (10 000 by default), fed from the event bus, for SSE clients that
 * resume with {@code Last-Event-ID}. Attach it before the agent starts to keep its first events.
 * Written on its consumer's context, read from the servers' contexts: synchronized.
 */
public final class EventHistory {

    /**
     * What a resuming client gets.
     *
     * @param lost   events older than the history that the client will never see
     * @param events the kept events after the client's last one, oldest first
     */
    public record Slice(long lost, List<LifecycleEvent> events) {
    }

    private final int capacity;
    private final ArrayDeque<LifecycleEvent> events = new ArrayDeque<>();
    private MessageConsumer<LifecycleEvent> consumer;

    EventHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Starts recording {@code zpm.events}; completes once the consumer is registered. */
    public static Future<EventHistory> attach(Vertx vertx, int capacity) {
        EventHistory h = new EventHistory(capacity);
        h.consumer = vertx.eventBus().consumer(EventAddresses.ALL, m -> h.add(m.body()));
        return h.consumer.completion().map(h);
    }

    public static Future<EventHistory> attach(Vertx vertx) {
        return attach(vertx, RpcLimits.HISTORY_SIZE);
    }

    synchronized void add(LifecycleEvent event) {
        if (events.size() >= capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /**
     * The events after {@code lastSeq}. When {@code lastSeq} is older than the history, the
     * count of the events in between is {@code lost}; when it is newer than anything kept (a
     * client of a previous agent life), everything kept is sent.
     */
    public synchronized Slice since(long lastSeq) {
        if (events.isEmpty()) {
            return new Slice(0, List.of());
        }
        long oldest = seq(events.peekFirst());
        long newest = seq(events.peekLast());
        if (lastSeq > newest) {
            return new Slice(0, List.copyOf(events));
        }
        long lost = Math.max(0, oldest - lastSeq - 1);
        List<LifecycleEvent> out = new ArrayList<>();
        for (LifecycleEvent e : events) {
            if (seq(e) > lastSeq) {
                out.add(e);
            }
        }
        return new Slice(lost, out);
    }

    public synchronized int size() {
        return events.size();
    }

    public Future<Void> close() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private static long seq(LifecycleEvent event) {
        return event.seq();
    }
}
