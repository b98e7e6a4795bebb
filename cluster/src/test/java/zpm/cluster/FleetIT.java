package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.cluster.testing.Await;
import zpm.cluster.testing.Certs;
import zpm.cluster.testing.FleetEvents;
import zpm.cluster.testing.FleetNode;
import zpm.cluster.testing.NodeSpec;
import zpm.cluster.testing.RawRpc;
import zpm.cluster.testing.TestFleet;
import zpm.protocol.jsonrpc.RpcException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Three real agent JVMs clustered on 127.0.0.1 with TLS: one view, qualified targets, rolling restarts, events. */
class FleetIT {

    static final List<String> NAMES = List.of("a", "b", "c");

    @TempDir
    static Path dir;

    static TestFleet fleet;

    @BeforeAll
    static void form() throws Exception {
        fleet = TestFleet.start(dir, NAMES, TestFleet.sleepers(2));
        fleet.nodes().forEach(n -> n.awaitWorkers("sleepers", 2));
    }

    @AfterAll
    static void end() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /** Worker rows of a status answer, by node. */
    static Map<String, List<JsonNode>> rowsByNode(JsonNode status) {
        Map<String, List<JsonNode>> rows = new HashMap<>();
        status.path("workers").forEach(w -> rows.computeIfAbsent(w.path("node").asText(), k -> new ArrayList<>()).add(w));
        return rows;
    }

    /** Each node's recorded worker pids, as its state directory says (not the agents' answers). */
    static Map<String, Set<Long>> pidsByNode() {
        Map<String, Set<Long>> pids = new HashMap<>();
        fleet.nodes().forEach(n -> pids.put(n.name(), Set.copyOf(n.awaitWorkers("sleepers", 2))));
        return pids;
    }

    @Test
    void statusFromAnyNodeShowsTheWorkersOfAllThreeEachWithItsNode() {
        for (FleetNode n : fleet.nodes()) {
            JsonNode status = n.call("status");
            Map<String, List<JsonNode>> rows = rowsByNode(status);
            assertThat(rows.keySet()).as("nodes in %s's status", n.name()).containsExactlyInAnyOrderElementsOf(NAMES);
            for (FleetNode owner : fleet.nodes()) {
                assertThat(rows.get(owner.name())).extracting(w -> w.path("pid").asLong())
                        .as("rows of %s in %s's status", owner.name(), n.name())
                        .containsExactlyInAnyOrderElementsOf(owner.workerPids("sleepers"));
            }
            assertThat(status.path("unreachable").size()).as(status.toString()).isZero();
            // the other nodes' rows are passed on as they wrote them: still one list, by node then id
            List<String> order = new ArrayList<>();
            status.path("workers").forEach(w -> order.add(String.format("%s/%09d", w.path("node").asText(),
                    w.path("id").asLong())));
            assertThat(order).as("rows of %s's status", n.name()).isSorted();
        }
    }

    @Test
    void nodesListsAllThreeUpWithTheirAddressesAndCountsAndMarksTheConnectedOne() {
        for (FleetNode n : fleet.nodes()) {
            JsonNode rows = n.call("nodes").path("nodes");
            assertThat(rows).extracting(r -> r.path("name").asText()).containsExactlyElementsOf(NAMES);
            for (int i = 0; i < NAMES.size(); i++) {
                JsonNode r = rows.get(i);
                assertThat(r.path("address").asText()).isEqualTo(fleet.join().get(i));
                assertThat(r.path("state").asText()).isEqualTo("up");
                assertThat(r.path("workers").asInt()).isEqualTo(2);
                assertThat(r.path("apps").asInt()).isEqualTo(1);
                assertThat(r.path("version").asText()).isNotBlank();
                assertThat(r.path("self").asBoolean()).isEqualTo(NAMES.get(i).equals(n.name()));
            }
        }
    }

    @Test
    void aNodeQualifiedIdActsOnlyOnThatNode() {
        Map<String, Set<Long>> before = pidsByNode();
        FleetNode a = fleet.node("a");
        JsonNode bRow = rowsByNode(a.call("status")).get("b").get(0);
        long bPid = bRow.path("pid").asLong();

        a.call("restart", Map.of("target", "b/" + bRow.path("id").asLong()));

        Map<String, Set<Long>> after = pidsByNode();
        assertThat(after.get("b")).doesNotContain(bPid).containsAll(minus(before.get("b"), bPid));
        assertThat(after.get("a")).isEqualTo(before.get("a"));
        assertThat(after.get("c")).isEqualTo(before.get("c"));
    }

    private static Set<Long> minus(Set<Long> pids, long pid) {
        Set<Long> rest = new java.util.HashSet<>(pids);
        rest.remove(pid);
        return rest;
    }

    @Test
    void anUnknownNodeIsRefusedWithMinus32016NamingTheKnownNodes() {
        FleetNode b = fleet.node("b");
        for (Map<String, ?> params : List.of(Map.of("target", "zz/sleepers"), Map.of("target", "zz/1"))) {
            assertThatThrownBy(() -> b.call("restart", params)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.error().code()).isEqualTo(-32016);
                assertThat(e.getMessage()).contains("zz", "a", "b", "c");
            });
        }
    }

    @Test
    void eventsOfNodeCReachASubscriberConnectedToNodeA() throws Exception {
        try (RawRpc sub = fleet.node("a").raw()) {
            sub.subscribe(Map.of());
            FleetNode c = fleet.node("c");
            restartOneWorkerOf(c);

            RawRpc.Received fork = sub.next("fork of node c", Duration.ofSeconds(30),
                    r -> "c".equals(r.node()) && "fork".equals(r.type()));
            assertThat(fork.event().path("app").asText()).isEqualTo("sleepers");
            assertThat(fork.event().path("worker").path("pid").asLong()).isIn(c.awaitWorkers("sleepers", 2));
        }
    }

    @Test
    void restartingAnAppAcrossTheFleetIsRollingAndEachNodesEventsAreGapless() throws Exception {
        try (RawRpc sub = fleet.node("a").raw()) {
            sub.subscribe(Map.of());
            Map<String, Set<Long>> before = pidsByNode();

            JsonNode answer = sub.call("restart", Map.of("target", "sleepers", "batch", 1));
            assertThat(answer.has("result")).as(answer.toString()).isTrue();

            Await.until("restart done events of all three nodes", Duration.ofSeconds(30),
                    () -> new FleetEvents(sub.received()).nodes().containsAll(NAMES)
                            && NAMES.stream().allMatch(n -> new FleetEvents(sub.received()).restart(n, "sleepers", "done") != null));
            FleetEvents events = new FleetEvents(sub.received());
            events.assertGaplessPerNode();
            events.assertRolling("sleepers", 1, Set.copyOf(NAMES));
            Map<String, Set<Long>> after = pidsByNode();
            NAMES.forEach(n -> assertThat(after.get(n)).as("pids of %s after the restart", n).doesNotContainAnyElementsOf(before.get(n)));
        }
    }

    @Test
    void thePlainVertxFleetSubscriberReceivesTheFleetsEventsAsJson() throws Exception {
        Certs.Tls tls = fleet.ca.node("sub");
        int port = TestFleet.freePorts(1).get(0);
        Path out = dir.resolve("subscriber.out");
        Path err = dir.resolve("subscriber.err");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(NodeSpec.CLUSTER_JVM_OPTIONS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "zpm.examples.fleet.FleetSubscriber",
                "--join", String.join(",", fleet.join()), "--port", Integer.toString(port),
                "--cert", tls.cert().toString(), "--key", tls.key().toString(), "--ca", tls.ca().toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Await.until("the subscriber in the cluster (" + err + ")", TestFleet.FORMING,
                    () -> read(err).contains("consuming zpm.events") || !p.isAlive());
            assertThat(p.isAlive()).as(read(err)).isTrue();
            // Again every 10 s until seen: the subscriber's consumer reaches b's view of the cluster
            // shortly after it joined, and an event published before that is not for it.
            long[] last = {0};
            Await.until("a line 'b SEQ fork sleepers' from the subscriber", Duration.ofSeconds(60), () -> {
                if (System.nanoTime() - last[0] > 10_000_000_000L) {
                    last[0] = System.nanoTime();
                    restartOneWorkerOf(fleet.node("b"));
                }
                return read(out).lines().anyMatch(l -> l.matches("b \\d+ fork sleepers"));
            });
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** Restarts the node's first worker by its unqualified id (the connected node's). */
    private static void restartOneWorkerOf(FleetNode n) {
        long id = rowsByNode(n.call("status")).get(n.name()).get(0).path("id").asLong();
        n.call("restart", Map.of("target", id));
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void aFourthAgentWithATakenNodeNameExitsNonZeroWithTheRefusal() throws Exception {
        Path own = dir.resolve("b-again");
        Path config = fleet.writeConfig("b-again", fleet.ca.node("b-again").yaml(), "apps: []\n");
        int port = TestFleet.freePorts(1).get(0);
        FleetNode dup = fleet.addOther(NodeSpec.local("b", own, port, fleet.join(), config));

        int exit = dup.awaitExit(120);

        assertThat(exit).as(dup.stderrText()).isNotZero();
        assertThat(dup.stderrText() + dup.stdoutText())
                .contains("node name b is taken by the node at " + fleet.join().get(1) + "; choose another --node");
        assertThat(TestFleet.upNames(fleet.node("a"))).containsExactlyElementsOf(NAMES);
        assertThat(fleet.node("b").process.isAlive()).isTrue();
    }
}
