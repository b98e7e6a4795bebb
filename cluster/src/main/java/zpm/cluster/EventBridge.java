package zpm.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.fleet.LocalNode;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Events between the agent and the cluster. Every local event goes out as a {@link JsonObject}
 * (a Vert.x system codec: a plain Vert.x service in the cluster reads it with no zpm code) to
 * {@code zpm.events} and {@code zpm.events.<app>}; events coming in from {@code zpm.events} are
 * handed to the fleet's listeners, except this node's own (the agent has them already) and
 * those of members that are not verified nodes.
 */
final class EventBridge {

    private static final Logger log = LoggerFactory.getLogger(EventBridge.class);

    private final String self;
    private final Context context;
    private final Predicate<String> verified;
    private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();
    private MessageConsumer<Object> consumer;
    private Runnable offLocal = () -> { };
    private volatile boolean dropLogged;

    /** @param verified whether a node name is a verified node other than this one */
    EventBridge(String self, Context context, Predicate<String> verified) {
        this.self = self;
        this.context = context;
        this.verified = verified;
    }

    /** Starts both directions; completes once the cluster knows of the consumer. */
    Future<Void> start(EventBus bus, LocalNode local) {
        consumer = bus.consumer(EventAddresses.ALL, this::received);
        offLocal = local.onEvent(e -> {
            JsonObject json = wire(e, self);
            context.runOnContext(v -> publish(bus, e.app(), json));
        });
        return consumer.completion();
    }

    Future<Void> stop() {
        offLocal.run();
        listeners.clear();
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    Runnable onEvent(Consumer<LifecycleEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The event as the cluster gets it: its wire form, with this node's name when it lacks one. */
    static JsonObject wire(LifecycleEvent e, String self) {
        ObjectNode n = e.toJson();
        if (!n.has("node")) {
            n.put("node", self);
        }
        return new JsonObject(JsonTree.write(n));
    }

    private static void publish(EventBus bus, String app, JsonObject json) {
        bus.publish(EventAddresses.ALL, json);
        if (app != null) {
            bus.publish(EventAddresses.forApp(app), json);
        }
    }

    private void received(Message<Object> msg) {
        LifecycleEvent e = accept(msg.body());
        if (e != null) {
            listeners.forEach(l -> l.accept(e));
        }
    }

    /** The event of another verified node in a body from {@code zpm.events}, else null. */
    LifecycleEvent accept(Object body) {
        if (!(body instanceof JsonObject json) || !(json.getValue("node") instanceof String node)
                || node.equals(self) || !verified.test(node)) {
            return null;
        }
        try {
            return LifecycleEvent.fromJson(JsonTree.read(json.encode()));
        } catch (IOException | RuntimeException ex) {
            if (!dropLogged) { // a newer node's event type: say it once, not per event
                dropLogged = true;
                log.warn("dropped an event of node {} this agent cannot read: {}", node, ex.getMessage());
            }
            return null;
        }
    }
}
