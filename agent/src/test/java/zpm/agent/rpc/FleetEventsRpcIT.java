package zpm.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

/**
 * The other nodes' events, as a clustered agent's fleet link puts them on the agent's own bus
 * ({@link EventAddresses#FLEET}), reach events.subscribe subscribers over TCP beside the node's
 * own, each with its node and that node's seq, through the same filters.
 */
class FleetEventsRpcIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        fx = RpcFixture.start(state);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static LifecycleEvent remote(long seq, String type, String app) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq).put("ts", Instant.now().toString()).put("node", "b").put("type", type).put("app", app);
        return LifecycleEvent.fromJson(n);
    }

    private static void publish(LifecycleEvent e) {
        fx.vertx.eventBus().publish(EventAddresses.FLEET, e);
        fx.vertx.eventBus().publish(EventAddresses.fleetForApp(e.app()), e);
    }

    private static JsonNode nextEvent(RawClient c) {
        JsonNode n = c.notifications.isEmpty() ? c.read() : c.notifications.remove(0);
        assertThat(n).as("a notification").isNotNull();
        assertThat(n.path("method").asText()).isEqualTo("event");
        return n.path("params").path("event");
    }

    @Test
    void anotherNodesEventsReachASubscriberThroughItsFilter() {
        try (RawClient all = fx.authed(); RawClient web = fx.authed()) {
            all.result("events.subscribe", "{}");
            web.result("events.subscribe", "{\"app\":\"web\",\"types\":[\"fork\"]}");

            publish(remote(41, "exit", "web"));   // web: not a fork
            publish(remote(42, "fork", "jobs"));  // web: another app
            publish(remote(43, "fork", "web"));

            JsonNode e = nextEvent(web);
            assertThat(e.path("node").asText()).isEqualTo("b");
            assertThat(e.path("seq").asLong()).isEqualTo(43);
            assertThat(e.path("type").asText()).isEqualTo("fork");
            List<Long> fromB = new ArrayList<>();
            while (fromB.size() < 3) {
                JsonNode next = nextEvent(all); // the node's own events come too (its workers start)
                if (next.path("node").asText().equals("b")) {
                    fromB.add(next.path("seq").asLong());
                }
            }
            assertThat(fromB).containsExactly(41L, 42L, 43L);
        }
    }
}
