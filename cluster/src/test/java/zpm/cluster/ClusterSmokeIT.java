package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import zpm.agent.config.ClusterSettings;
import zpm.agent.config.HostPort;
import zpm.agent.fleet.Fleet;
import zpm.agent.fleet.NodeChange;
import zpm.agent.fleet.NodeView;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real clustered nodes in this JVM on 127.0.0.1 (fake agent sides): they find each other,
 * forward calls and events, refuse a taken name, and see each other leave. The fleet tests with
 * agent JVMs and TLS are the Fleet*IT classes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSmokeIT {

    private static Vertx agentVertx;
    private static FakeLocalNode localA;
    private static FakeLocalNode localB;
    private static Fleet a;
    private static Fleet b;
    private static HostPort memberB;
    private static final List<NodeChange> changesOnA = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void formFleet() throws Exception {
        agentVertx = Vertx.vertx();
        HostPort memberA = new HostPort("127.0.0.1", freePort());
        memberB = new HostPort("127.0.0.1", freePort());
        List<HostPort> join = List.of(memberA, memberB);
        localA = new FakeLocalNode("a", agentVertx);
        localB = new FakeLocalNode("b", agentVertx);
        Future<Fleet> fa = new HazelcastFleetStarter().start(settings(memberA, join), localA);
        Future<Fleet> fb = new HazelcastFleetStarter().start(settings(memberB, join), localB);
        long t0 = System.nanoTime();
        a = await(fa);
        b = await(fb);
        a.onNodes(changesOnA::add);
        until("a and b see each other", () -> a.nodes().size() == 2 && b.nodes().size() == 2);
        System.out.printf("two nodes formed and verified each other in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    static ClusterSettings settings(HostPort member, List<HostPort> join) {
        return new ClusterSettings(member, join, null, 1_000, 5_000, 3_000);
    }

    @AfterAll
    static void leave() throws Exception {
        for (Fleet f : new Fleet[] {a, b}) {
            if (f != null) {
                f.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        agentVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void nodesListsBothSortedWithSelfMarked() {
        List<NodeView> nodes = a.nodes();
        assertThat(nodes).extracting(NodeView::name).containsExactly("a", "b");
        assertThat(nodes.get(0).self()).isTrue();
        assertThat(nodes.get(1).self()).isFalse();
        assertThat(nodes.get(1).address()).isEqualTo(memberB.toString());
        assertThat(nodes.get(1).version()).isEqualTo("test-1");
    }

    @Test
    void callRunsOnTheOtherNodeWithTheCallersAccess() throws Exception {
        JsonNode params = JsonNodeFactory.instance.objectNode().put("x", 1);
        JsonNode r = await(a.call("b", "echo", params, Access.READ_ONLY, 10_000));
        assertThat(r.get("node").asText()).isEqualTo("b");
        assertThat(r.get("access").asText()).isEqualTo("READ_ONLY");
        assertThat(r.get("params").get("x").asInt()).isEqualTo(1);
    }

    @Test
    void anErrorComesBackAsTheNodeAnsweredIt() {
        assertThatThrownBy(() -> await(a.call("b", "fail", null, Access.FULL, 10_000)))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("busy on b");
                    assertThat(e.error().data().get("why").asText()).isEqualTo("test");
                });
    }

    @Test
    void connectionMethodsAreNotForwarded() {
        assertThatThrownBy(() -> await(a.call("b", "events.subscribe", null, Access.FULL, 10_000)))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void anUnknownNodeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> await(a.call("zz", "echo", null, Access.FULL, 10_000)))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNKNOWN);
                    assertThat(e.getMessage()).contains("a, b");
                });
    }

    @Test
    void eventsOfTheOtherNodeArriveOwnOnesDoNot() throws Exception {
        List<LifecycleEvent> onA = new CopyOnWriteArrayList<>();
        List<JsonObject> plain = new CopyOnWriteArrayList<>();
        Runnable off = a.onEvent(onA::add);
        try {
            long seq = System.nanoTime();
            localA.emit(FakeLocalNode.online(seq - 1, "own"));
            localB.emit(FakeLocalNode.online(seq, "web"));
            until("b's event reaches a", () -> onA.stream().anyMatch(e -> e.seq() == seq));
            assertThat(onA).allSatisfy(e -> assertThat(e.app()).isNotEqualTo("own"));
            LifecycleEvent got = onA.stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
            assertThat(got).isInstanceOf(LifecycleEvent.Online.class);
            assertThat(got.worker().id()).isEqualTo(7);
        } finally {
            off.run();
        }
    }

    @Test
    void aTakenNameIsRefused() throws Exception {
        HostPort other = new HostPort("127.0.0.1", freePort());
        FakeLocalNode second = new FakeLocalNode("b", agentVertx);
        Future<Fleet> f = new HazelcastFleetStarter().start(settings(other, List.of(memberB)), second);
        assertThatThrownBy(() -> await(f)).hasMessage("node name b is taken by the node at " + memberB
                + "; choose another --node");
        assertThat(a.nodes()).extracting(NodeView::name).containsExactly("a", "b");
    }

    @Test
    void aMemberPortInUseFailsTheStartNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HostPort member = new HostPort("127.0.0.1", taken.getLocalPort());
            Future<Fleet> f = new HazelcastFleetStarter().start(settings(member, List.of(member)),
                    new FakeLocalNode("c", agentVertx));
            assertThatThrownBy(() -> await(f)).hasMessageStartingWith("cannot start this node's cluster member on "
                    + member + ": ");
        }
        assertThat(a.nodes()).extracting(NodeView::name).containsExactly("a", "b");
    }

    /** Last: b leaves, and a call pending on it fails at once instead of after its timeout. */
    @Test
    @Order(Integer.MAX_VALUE)
    void whenANodeLeavesItsPendingCallsFailAtOnce() throws Exception {
        Future<JsonNode> pending = a.call("b", "hang", null, Access.FULL, 60_000);
        until("b runs the call", () -> !localB.hanging.isEmpty());
        long t0 = System.nanoTime();
        Fleet leaving = b;
        b = null;
        leaving.close();
        assertThatThrownBy(() -> await(pending)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NODE_LEFT);
            assertThat(e.getMessage()).startsWith("node b left the fleet");
        });
        long failedMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("b closed: its pending call failed after %d ms%n", failedMs);
        assertThat(failedMs).isLessThan(20_000);
        assertThat(a.nodes()).extracting(NodeView::name).containsExactly("a");
        // The pending calls fail first, then the listeners hear of it: the test may be woken between.
        until("a heard b leave", () -> changesOnA.stream().anyMatch(c -> !c.joined()));
        assertThat(changesOnA).filteredOn(c -> !c.joined()).singleElement()
                .satisfies(c -> assertThat(c.node().name()).isEqualTo("b"));
    }

    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after 60 s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
