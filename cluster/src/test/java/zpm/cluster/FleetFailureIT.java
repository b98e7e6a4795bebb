package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import zpm.cluster.testing.Await;
import zpm.cluster.testing.FleetNode;
import zpm.cluster.testing.RawRpc;
import zpm.cluster.testing.TestFleet;
import zpm.protocol.jsonrpc.RpcException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fleet of three that loses one: SIGKILL of c, seen by a and b as node-left within the
 * documented 6 s, their workers untouched, c's gone with it; then c comes back under its name.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFailureIT {

    /** The documented bound: heartbeat 1 s, removal after 5 s of silence, plus delivery. */
    static final Duration NODE_LEFT_BOUND = Duration.ofSeconds(6);

    @TempDir
    static Path dir;

    static TestFleet fleet;
    static RawRpc onA;
    static RawRpc onB;
    static Map<String, List<Long>> survivorsPids = new HashMap<>();
    static List<Long> cPids;

    @BeforeAll
    static void form() throws Exception {
        fleet = TestFleet.start(dir, List.of("a", "b", "c"), TestFleet.sleepers(2));
        for (FleetNode n : fleet.nodes()) {
            List<Long> pids = n.awaitWorkers("sleepers", 2);
            if (!n.name().equals("c")) {
                survivorsPids.put(n.name(), pids);
            } else {
                cPids = pids;
            }
        }
        onA = fleet.node("a").raw();
        onA.subscribe(Map.of("types", List.of("node-left", "node-joined")));
        onB = fleet.node("b").raw();
        onB.subscribe(Map.of("types", List.of("node-left", "node-joined")));
    }

    @AfterAll
    static void end() {
        for (RawRpc r : new RawRpc[] {onA, onB}) {
            if (r != null) {
                r.close();
            }
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    /** The subscription on the node: it also gets the other nodes' events, told apart by {@code node}. */
    private static RawRpc seenBy(String node) {
        return node.equals("a") ? onA : onB;
    }

    @Test
    @Order(1)
    void aSigkilledNodeIsSeenAsNodeLeftByTheSurvivorsWithinSixSeconds() {
        long killedAt = System.nanoTime();
        fleet.node("c").kill();

        for (String observer : List.of("a", "b")) {
            RawRpc.Received left = seenBy(observer).next("node-left of c seen by " + observer, Duration.ofSeconds(30),
                    r -> observer.equals(r.node()) && "node-left".equals(r.type()) && "c".equals(r.event().path("peer").asText()));
            long ms = (left.arrivedNanos() - killedAt) / 1_000_000;
            System.out.println("FleetFailureIT: SIGKILL of c -> node-left on " + left.node() + " after " + ms + " ms");
            assertThat(Duration.ofMillis(ms)).as("SIGKILL to node-left on %s", left.node()).isLessThanOrEqualTo(NODE_LEFT_BOUND);
            assertThat(left.event().path("address").asText()).isEqualTo(fleet.join().get(2));
        }
    }

    @Test
    @Order(2)
    void theSurvivorsWorkersAreUntouched() {
        for (String n : List.of("a", "b")) {
            assertThat(fleet.node(n).awaitWorkers("sleepers", 2)).as("workers of %s", n)
                    .containsExactlyInAnyOrderElementsOf(survivorsPids.get(n));
        }
    }

    @Test
    @Order(3)
    void theKilledNodesWorkersDieWithIt() {
        Await.until("c's workers " + cPids + " gone", Duration.ofSeconds(30),
                () -> cPids.stream().allMatch(Await::gone));
    }

    @Test
    @Order(4)
    void itsRowsLeaveStatusAndNodesAndCallsNamingItFailClearly() {
        for (String n : List.of("a", "b")) {
            FleetNode node = fleet.node(n);
            Await.until("c out of " + n + "'s nodes", Duration.ofSeconds(30),
                    () -> TestFleet.upNames(node).equals(Set.of("a", "b")) && !names(node.call("nodes")).contains("c"));
            JsonNode status = node.call("status");
            assertThat(status.path("workers")).extracting(w -> w.path("node").asText()).doesNotContain("c")
                    .contains("a", "b");
            for (String target : List.of("c/sleepers", "c/1", "c/all")) {
                assertThatThrownBy(() -> node.call("restart", Map.of("target", target)))
                        .isInstanceOfSatisfying(RpcException.class, e -> {
                            assertThat(e.error().code()).isIn(-32016, -32017);
                            assertThat(e.getMessage()).contains("c");
                        });
            }
        }
    }

    private static Set<String> names(JsonNode nodesAnswer) {
        Set<String> names = new java.util.TreeSet<>();
        nodesAnswer.path("nodes").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    @Order(5)
    void theNodeStartedAgainUnderItsNameRejoins() throws Exception {
        FleetNode old = fleet.node("c");
        FleetNode again = FleetNode.start(old.spec.inDir(dir.resolve("c-again")));
        fleet.replace(again);

        fleet.awaitFormed(fleet.nodes(), Set.of("a", "b", "c"));
        for (String observer : List.of("a", "b")) {
            seenBy(observer).next("node-joined of c seen by " + observer, Duration.ofSeconds(30),
                    r -> observer.equals(r.node()) && "node-joined".equals(r.type()) && "c".equals(r.event().path("peer").asText()));
        }
        again.awaitWorkers("sleepers", 2);
        JsonNode status = fleet.node("a").call("status");
        assertThat(status.path("workers")).extracting(w -> w.path("node").asText()).contains("a", "b", "c");
    }
}
