package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

/**
 * A lone agent loads nothing of the fleet: no Hazelcast, no Vert.x cluster manager, nothing of
 * the zpm-agent-cluster jar, and none of the agent's own classes that only clustering uses. A
 * real agent JVM with a config that has an agent section (no cluster key) logs every class it
 * loads while it starts, supervises, answers and quits.
 */
class FleetFootprintIT {

    private static final List<String> CLUSTER_PACKAGES = List.of("com.hazelcast.", "io.vertx.spi.cluster.",
            "zpm.cluster.");
    private static final Set<String> CLUSTERING_ONLY = Set.of("zpm.agent.app.FleetJoin", "zpm.agent.fleet.AgentNode",
            "zpm.agent.fleet.FleetLoader", "zpm.agent.rpc.LocalCalls", "zpm.agent.config.ClusterReader",
            "zpm.agent.config.ClusterRules");

    @TempDir
    Path dir;

    @Test
    void aLoneAgentLoadsNoClusterClass() throws Exception {
        Path classes = dir.resolve("classes.log");
        Path config = Files.writeString(dir.resolve("zpm.yaml"), """
                agent: {logLevel: info}
                apps:
                  - {name: sleepers, command: [sleep, "100000"], size: 2}
                """);
        try (AgentProcess a = AgentProcess.start(dir, config, List.of("-Xlog:class+load=info:file=" + classes))) {
            a.awaitWorkers("sleepers", 2);
            try (ZpmClient client = a.client()) {
                assertThat(client.call("status").get("workers")).hasSize(2);
                assertThat(client.call("agent.info").get("pid").asLong()).isEqualTo(a.pid());
                client.call("agent.quit");
            }
            assertThat(a.awaitExit(60)).isZero();
            assertThat(a.stdoutText()).doesNotContain("fleet:");
        }
        Set<String> loaded = ClassLog.loaded(classes);
        assertThat(loaded).as("the log lists the agent's classes").contains("zpm.agent.app.Startup",
                "zpm.agent.fleet.FleetLink", "zpm.agent.fleet.Alone");
        assertThat(loaded.stream().filter(c -> CLUSTER_PACKAGES.stream().anyMatch(c::startsWith)))
                .as("cluster classes a lone agent loaded").isEmpty();
        assertThat(loaded.stream().filter(CLUSTERING_ONLY::contains))
                .as("the agent's clustering-only classes a lone agent loaded").isEmpty();
    }
}
