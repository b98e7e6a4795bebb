package zpm.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.LifecycleEvent;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventBridgeTest {

    private final EventBridge bridge = new EventBridge("a", null, Set.of("b")::contains);

    private static JsonObject event(String node) {
        JsonObject e = EventBridge.wire(ClusterSmokeTest.online(5, "web"), "x");
        return node == null ? e.copy().put("node", (String) null) : e.copy().put("node", node);
    }

    @Test
    void theWireFormIsTheEventsJsonWithItsNode() {
        JsonObject e = EventBridge.wire(ClusterSmokeTest.online(5, "web"), "a");
        assertThat(e.getString("node")).isEqualTo("a");
        assertThat(e.getLong("seq")).isEqualTo(5);
        assertThat(e.getString("type")).isEqualTo("online");
        assertThat(e.getString("app")).isEqualTo("web");
        assertThat(e.getJsonObject("worker").getLong("id")).isEqualTo(7);
    }

    @Test
    void anEventOfAVerifiedNodeIsRead() {
        LifecycleEvent e = bridge.accept(event("b"));
        assertThat(e).isInstanceOf(LifecycleEvent.Online.class);
        assertThat(e.seq()).isEqualTo(5);
    }

    @Test
    void ownUnverifiedNamelessAndForeignBodiesAreDropped() {
        assertThat(bridge.accept(event("a"))).isNull();
        assertThat(bridge.accept(event("rogue"))).isNull();
        assertThat(bridge.accept(event(null))).isNull();
        assertThat(bridge.accept(new JsonObject().put("node", 3))).isNull();
        assertThat(bridge.accept("{\"node\":\"b\"}")).isNull();
        assertThat(bridge.accept(new JsonObject().put("node", "b").put("type", "no-such-type"))).isNull();
    }

    @Test
    void connectionMethodsAreNeverForwarded() {
        assertThat(NodeEndpoint.answeredByConnection("auth")).isTrue();
        assertThat(NodeEndpoint.answeredByConnection("events.subscribe")).isTrue();
        assertThat(NodeEndpoint.answeredByConnection("logs")).isTrue();
        assertThat(NodeEndpoint.answeredByConnection("status")).isFalse();
        assertThat(NodeEndpoint.answeredByConnection("logs.reopen")).isFalse();
    }
}
