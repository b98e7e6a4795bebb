package zpm.agent.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Carries {@link LifecycleEvent} records on the Vert.x event bus as they are: a consumer in the
 * same JVM gets the very record (records are immutable, so nothing is copied), and JSON is
 * written only at the edges that need text (JSON-RPC, SSE). Should a message ever leave the JVM
 * (a clustered bus), its wire form is the event's JSON, length first.
 */
public final class EventMessageCodec implements MessageCodec<LifecycleEvent, LifecycleEvent> {

    private final String name;

    EventMessageCodec(Class<?> type) {
        // Vert.x wants one name per codec, and one codec per class it picks a default for.
        this.name = "zpm.event." + type.getSimpleName();
    }

    /**
     * Makes this the codec of every event record on {@code bus}. Idempotent: a bus shared by two
     * agents (tests, embedders) keeps the first registration.
     */
    public static void registerOn(EventBus bus) {
        for (Class<?> type : LifecycleEvent.class.getPermittedSubclasses()) {
            register(bus, type, new EventMessageCodec(type));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(EventBus bus, Class<T> type, EventMessageCodec codec) {
        try {
            bus.registerDefaultCodec(type, (MessageCodec<T, ?>) (MessageCodec<?, ?>) codec);
        } catch (IllegalStateException alreadyThere) {
            // Registered by an earlier agent on the same Vert.x: the same codec.
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, LifecycleEvent event) {
        byte[] json = JsonTree.write(event.toJson()).getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(json.length).appendBytes(json);
    }

    @Override
    public LifecycleEvent decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        try {
            return LifecycleEvent.fromJson(JsonTree.read(buffer.getBytes(pos + 4, pos + 4 + length)));
        } catch (IOException e) {
            throw new UncheckedIOException("an event from the bus is not JSON", e);
        }
    }

    @Override
    public LifecycleEvent transform(LifecycleEvent event) {
        return event;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
