package zpm.agent.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

import java.time.Instant;

/** Events a test puts on the bus itself, as the agent's EventPublisher does. */
final class InjectedEvents {

    private InjectedEvents() {
    }

    /** An event of {@code type} with only the common fields set (the type's own are zero or empty). */
    static LifecycleEvent event(long seq, String type, String app) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq).put("ts", Instant.now().toString()).put("type", type).put("app", app);
        return LifecycleEvent.fromJson(n);
    }

    /** On zpm.events and on zpm.events.<app>. */
    static void publish(Vertx vertx, LifecycleEvent e) {
        vertx.eventBus().publish(EventAddresses.ALL, e);
        vertx.eventBus().publish(EventAddresses.forApp(e.app()), e);
    }
}
