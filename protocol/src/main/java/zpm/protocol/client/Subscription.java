package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.event.LifecycleEvent;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A live {@code events.subscribe} of a {@link ZpmClient}. Its events reach {@code onEvent} on
 * the client's dispatch thread, as typed records; an event of a type this client does not know
 * (from a newer agent) is skipped. It survives reconnects: the client subscribes again on each
 * new connection, so {@link #id()} may change. {@link #close()} ends it.
 */
public final class Subscription implements AutoCloseable {

    private final ZpmClient client;
    private final List<String> types;
    private final String app;
    private final Consumer<LifecycleEvent> onEvent;
    private final LongConsumer onDropped;
    private volatile String id;
    private volatile boolean closed;

    Subscription(ZpmClient client, List<String> types, String app, Consumer<LifecycleEvent> onEvent,
                 LongConsumer onDropped) {
        this.client = client;
        this.types = types == null ? List.of() : List.copyOf(types);
        this.app = app;
        this.onEvent = onEvent;
        this.onDropped = onDropped;
    }

    /** The agent's id for it on the current connection (e.g. "s1"), or null before the first answer. */
    public String id() {
        return id;
    }

    /** The event types asked for; empty means all. */
    public List<String> types() {
        return types;
    }

    /** The app asked for, or null for every app. */
    public String app() {
        return app;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops delivery at once and, when connected, sends {@code events.unsubscribe}. Best
     * effort: an unsubscribe that fails is ignored, since nothing is delivered locally any more.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.unsubscribe(this);
    }

    void bind(String newId) {
        this.id = newId;
    }

    void deliver(JsonNode event) {
        if (closed) {
            return;
        }
        LifecycleEvent typed;
        try {
            typed = LifecycleEvent.fromJson(event);
        } catch (IllegalArgumentException unknown) {
            return; // a newer agent's event type, or a broken one: nothing this client can show
        }
        onEvent.accept(typed);
    }

    void dropped(long count) {
        if (!closed && onDropped != null) {
            onDropped.accept(count);
        }
    }
}
