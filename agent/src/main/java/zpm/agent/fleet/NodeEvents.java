package zpm.agent.fleet;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.api.SupervisorApi;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

/**
 * The fleet's news in this node's own streams: a node joining or leaving becomes a
 * {@code node-joined} / {@code node-left} event of this node's supervisor (numbered in its own
 * gapless seq), and the other nodes' events go onto this agent's own event bus at
 * {@link EventAddresses#FLEET} (and per app), where subscriptions take them besides the
 * node's own.
 */
final class NodeEvents {

    private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);

    private NodeEvents() {
    }

    static void wire(Fleet fleet, SupervisorApi supervisor, Vertx vertx) {
        fleet.onNodes(change -> {
            NodeView n = change.node();
            (change.joined() ? supervisor.nodeJoined(n.name(), n.address())
                    : supervisor.nodeLeft(n.name(), n.address(), change.reason()))
                    .onFailure(e -> log.warn("node {} {} not recorded as an event: {}", n.name(),
                            change.joined() ? "joining" : "leaving", e.toString()));
        });
        EventBus bus = vertx.eventBus();
        String self = supervisor.node();
        fleet.onEvent(e -> publish(bus, self, e));
    }

    /** Another node's event, for this node's subscribers (its own come back never: they are local already). */
    static void publish(EventBus bus, String self, LifecycleEvent e) {
        if (self.equals(e.node())) {
            return;
        }
        bus.publish(EventAddresses.FLEET, e);
        if (e.app() != null) {
            bus.publish(EventAddresses.fleetForApp(e.app()), e);
        }
    }
}
