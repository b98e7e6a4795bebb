package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.config.AgentSettings;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

/**
 * An agent that does not cluster is a fleet of one named after its host: its events, status,
 * connections and apps rows carry that name, {@code nodes} lists it alone, a target naming it
 * works and one naming another node is -32016. And it loads none of the fleet's routing classes
 * (nor any cluster class): they are for clustered agents only.
 */
class LoneNodeIT {

    /** What only a clustered agent's methods use. */
    private static final Set<String> FLEET_ONLY = Set.of("zpm.agent.fleet.NodeTargets", "zpm.agent.fleet.NodeCalls",
            "zpm.agent.fleet.Merge", "zpm.agent.fleet.FleetChanges", "zpm.agent.fleet.NodeEvents");

    @TempDir
    Path dir;

    @Test
    void aLoneAgentNamesItsNodeEverywhereAndLoadsNoneOfTheFleetsRouting() throws Exception {
        Path classes = dir.resolve("classes.log");
        String node = AgentSettings.defaultNode();
        try (AgentProcess a = AgentProcess.start(dir, AgentProcess.sleepersConfig(dir, 2, ""),
                List.of("-Xlog:class+load=info:file=" + classes))) {
            a.awaitWorkers("sleepers", 2);
            try (ZpmClient c = a.client()) {
                List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
                c.subscribe(List.of("online"), null, events::add);
                assertThat(c.call("status").get("workers")).hasSize(2)
                        .allSatisfy(r -> assertThat(r.get("node").asText()).isEqualTo(node));
                assertThat(c.call("connections").get("workers"))
                        .allSatisfy(r -> assertThat(r.get("node").asText()).isEqualTo(node));
                assertThat(c.call("apps.list").get("apps").get(0).get("node").asText()).isEqualTo(node);
                assertThat(c.call("agent.info").get("node").asText()).isEqualTo(node);
                assertThat(c.call("status", Map.of("target", node + "/sleepers")).get("workers")).hasSize(2);
                assertThatThrownBy(() -> c.call("status", Map.of("target", "elsewhere/sleepers")))
                        .isInstanceOfSatisfying(RpcException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNKNOWN);
                            assertThat(e.getMessage()).isEqualTo("no node named \"elsewhere\"; the nodes are " + node);
                        });
                JsonNode nodes = c.call("nodes").get("nodes");
                assertThat(nodes).hasSize(1);
                assertThat(nodes.get(0).get("name").asText()).isEqualTo(node);
                assertThat(nodes.get(0).get("self").asBoolean()).isTrue();
                assertThat(nodes.get(0).get("workers").asInt()).isEqualTo(2);
                assertThat(nodes.get(0).get("state").asText()).isEqualTo("up");

                c.call("restart", Map.of("target", node + "/sleepers"));
                Await.until("two online events", () -> events.size() >= 2 ? events : null);
                assertThat(events).allSatisfy(e -> assertThat(e.node()).isEqualTo(node));
                c.call("agent.quit");
            }
            assertThat(a.awaitExit(60)).isZero();
        }
        Set<String> loaded = ClassLog.loaded(classes);
        assertThat(loaded).as("the log lists the agent's own classes").contains("zpm.agent.fleet.FleetMethods");
        assertThat(FLEET_ONLY.stream().filter(loaded::contains)).as("fleet routing classes a lone agent loaded")
                .isEmpty();
        assertThat(loaded.stream().filter(n -> n.startsWith("com.hazelcast") || n.startsWith("io.vertx.spi.cluster")))
                .as("cluster classes a lone agent loaded").isEmpty();
    }
}
