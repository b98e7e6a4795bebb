package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.fleet.FakeClusterJar;
import zpm.protocol.client.ZpmClient;

/**
 * How a real agent JVM starts when asked to cluster, with no Hazelcast: refused at start without
 * TLS beyond loopback or without the cluster jars; with a stand-in starter (FakeClusterJar), it
 * serves before the fleet answers, joins in the background, retries a failed join, and quits with
 * exit 1 when its node name is taken.
 */
class ClusterStartIT {

    @TempDir
    static Path shared;
    private static Path clusterLib;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildFakeClusterJar() throws Exception {
        clusterLib = FakeClusterJar.build(shared);
    }

    private AgentProcess start(String mode, String... flags) throws Exception {
        List<String> jvm = mode == null ? List.of()
                : List.of("-Dzpm.clusterLib=" + clusterLib, "-Dzpm.fakeFleet=" + mode);
        return AgentProcess.start(dir, AgentProcess.sleepersConfig(dir, 1, ""), jvm, flags);
    }

    @Test
    void aNonLoopbackHostWithoutTlsIsRefusedAtStart() throws Exception {
        try (AgentProcess a = start("ok", "--cluster-host", "10.1.2.3")) {
            assertThat(a.awaitExit(60)).isEqualTo(Main.EXIT_BAD_CONFIG);
            assertThat(a.stderrText()).contains("zpm-agent: agent.cluster: the fleet's event bus must run TLS beyond"
                    + " loopback: give agent.cluster.tls {cert, key, ca} (not loopback: host 10.1.2.3;");
            assertThat(a.workerPids("sleepers")).isEmpty();
        }
    }

    @Test
    void clusteringWithoutTheClusterJarsIsRefusedAtStart() throws Exception {
        try (AgentProcess a = start(null, "--cluster-port", "17710")) {
            assertThat(a.awaitExit(60)).isEqualTo(Main.EXIT_FAILED);
            assertThat(a.stderrText()).contains("zpm-agent: could not start: clustering needs the cluster jars"
                    + " (lib/cluster): run bin/zpm-agent, or pass -Dzpm.clusterLib=DIR");
            assertThat(a.workerPids("sleepers")).isEmpty();
        }
    }

    @Test
    void theAgentServesWhileTheFleetIsJoiningThenJoinsAndQuits() throws Exception {
        try (AgentProcess hanging = start("hang", "--node", "b", "--cluster-port", "17711")) {
            hanging.awaitWorkers("sleepers", 1);
            try (ZpmClient client = hanging.client()) {
                assertThat(client.call("status").get("workers")).hasSize(1);
                assertThat(client.call("agent.info").get("node").asText()).isEqualTo("b");
            }
            assertThat(hanging.stdoutText()).contains("fleet: node b, member 127.0.0.1:17711, joining no one");
            assertThat(hanging.stderrText()).doesNotContain("fleet: joined");
        }
        try (AgentProcess a = start("ok", "--node", "b", "--cluster-join", "127.0.0.1:17712,127.0.0.1:17713")) {
            Await.until("the join", () -> a.stderrText().contains("fleet: joined, 1 node(s)") ? true : null);
            assertThat(a.stdoutText()).contains("fleet: node b, member 127.0.0.1:7710, joining"
                    + " 127.0.0.1:17712,127.0.0.1:17713").contains("fake fleet start 1 by zpm-cluster");
            try (ZpmClient client = a.client()) {
                client.call("agent.quit");
            }
            assertThat(a.awaitExit(60)).isZero();
        }
    }

    @Test
    void aFailedJoinIsRetriedWhileTheAgentGoesOn() throws Exception {
        try (AgentProcess a = start("fail:2", "--cluster-port", "17714")) {
            Await.until("the join after two failures", Duration.ofSeconds(60),
                    () -> a.stderrText().contains("fleet: joined") ? true : null);
            assertThat(a.stderrText()).contains("fleet: joining failed: fake join failure 1; this agent goes on alone"
                    + " and tries again in 1000 ms", "fake join failure 2; this agent goes on alone and tries again in"
                    + " 2000 ms");
            assertThat(a.stdoutText()).contains("fake fleet start 3 by zpm-cluster");
            assertThat(a.workerPids("sleepers")).hasSize(1);
        }
    }

    @Test
    void aTakenNodeNameQuitsTheAgentWithExitOne() throws Exception {
        Path refuse = dir.resolve("refuse-now");
        try (AgentProcess a = start("taken:" + refuse, "--node", "b", "--cluster-port", "17715")) {
            List<Long> workers = a.awaitWorkers("sleepers", 1);
            Files.createFile(refuse); // the refusal comes once the worker runs, as a real one comes seconds later
            assertThat(a.awaitExit(60)).isEqualTo(Main.EXIT_FAILED);
            assertThat(a.stderrText()).contains("ERROR FleetJoin - fleet: node name b is taken by the node at"
                    + " 127.0.0.1:15702; choose another --node");
            Await.until("its worker gone", () -> Await.gone(workers.get(0)) ? true : null);
        }
    }

    @Test
    void aNodeThatLosesItsMembershipGoesOnAloneAndJoinsAgain() throws Exception {
        try (AgentProcess a = start("lose", "--cluster-port", "17716")) {
            Await.until("the second join", Duration.ofSeconds(60),
                    () -> a.stdoutText().contains("fake fleet start 2 by zpm-cluster") ? true : null);
            Await.until("joined again", Duration.ofSeconds(60), () -> a.stderrText().split("fleet: joined").length > 2
                    ? true : null);
            assertThat(a.stderrText()).contains("fleet: this node left the fleet (fake member shut down); it goes on"
                    + " alone and joins again in 1000 ms");
            List<Long> workers = a.awaitWorkers("sleepers", 1);
            try (ZpmClient client = a.client()) {
                assertThat(client.call("status").get("workers").get(0).get("pid").asLong()).isEqualTo(workers.get(0));
            }
        }
    }
}
