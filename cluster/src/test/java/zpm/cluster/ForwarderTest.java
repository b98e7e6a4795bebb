package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;
import zpm.agent.fleet.NodeView;
import zpm.agent.rpc.Access;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForwarderTest {

    /** A bus whose requests stay pending until the test answers them. */
    static final class FakeBus implements Forwarder.Bus {
        final List<String> addresses = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final List<Promise<Object>> replies = new ArrayList<>();

        @Override
        public Future<Object> request(String address, String body, long timeoutMs) {
            addresses.add(address);
            bodies.add(body);
            Promise<Object> p = Promise.promise();
            replies.add(p);
            return p.future();
        }
    }

    private final FakeBus bus = new FakeBus();
    private final Forwarder forwarder = new Forwarder(bus,
            n -> n.equals("b") || n.equals("c") ? new NodeView(n, "127.0.0.1:1", "v", 0, false) : null);
    private static final List<String> KNOWN = List.of("a", "b", "c");

    private Future<JsonNode> call(String node) {
        return forwarder.call(node, "status", null, Access.READ_ONLY, 3_000, KNOWN);
    }

    @Test
    void aPendingCallFailsAtOnceWhenItsNodeLeavesOthersStay() {
        Future<JsonNode> onB1 = call("b");
        Future<JsonNode> onB2 = call("b");
        Future<JsonNode> onC = call("c");
        assertThat(forwarder.pendingCounts()).isEqualTo(Map.of("b", 2, "c", 1));

        forwarder.nodeLeft("b", "removed from the cluster membership");

        for (Future<JsonNode> f : List.of(onB1, onB2)) {
            assertThat(f.failed()).isTrue();
            RpcException e = (RpcException) f.cause();
            assertThat(e.code()).isEqualTo(ErrorCode.NODE_LEFT);
            assertThat(e.getMessage()).isEqualTo("node b left the fleet (removed from the cluster membership)"
                    + " before it answered");
        }
        assertThat(onC.isComplete()).isFalse();
        assertThat(forwarder.pendingCounts()).isEqualTo(Map.of("c", 1));
        bus.replies.get(0).complete("{\"result\":1}"); // b's late answer changes nothing
        assertThat(onB1.cause()).isInstanceOf(RpcException.class);
    }

    @Test
    void theRequestCarriesMethodParamsAndAccess() {
        forwarder.call("b", "restart", JsonTree.of(Map.of("target", "web")), Access.FULL, 3_000, KNOWN);
        assertThat(bus.addresses).containsExactly("zpm.node.b");
        assertThat(bus.bodies).containsExactly(
                "{\"op\":\"call\",\"method\":\"restart\",\"params\":{\"target\":\"web\"},\"access\":\"full\"}");
    }

    @Test
    void aResultAndAnErrorComeBackAsTheNodeAnswered() {
        Future<JsonNode> ok = call("b");
        Future<JsonNode> bad = call("b");
        bus.replies.get(0).complete("{\"result\":{\"workers\":[]}}");
        bus.replies.get(1).complete("{\"error\":{\"code\":-32010,\"message\":\"no app x\",\"data\":{\"app\":\"x\"}}}");
        assertThat(JsonTree.write(ok.result())).isEqualTo("{\"workers\":[]}");
        RpcException e = (RpcException) bad.cause();
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP);
        assertThat(e.getMessage()).isEqualTo("no app x");
        assertThat(e.error().data().get("app").asText()).isEqualTo("x");
        assertThat(forwarder.pendingCounts()).isEmpty();
    }

    @Test
    void rowsAskedForUnreadComeAsTheNodeWroteThemSortedByIdTheRestAsATree() throws Exception {
        Future<JsonNode> f = forwarder.call("b", "connections", null, Access.READ_ONLY, 3_000, KNOWN, "workers");
        assertThat(bus.bodies.get(0)).endsWith(",\"access\":\"read-only\",\"rows\":\"workers\"}");
        NodeWire.Request req = NodeWire.request(bus.bodies.get(0));
        assertThat(req.rows()).isEqualTo("workers");
        // what b's endpoint answers: its rows by id, one line, after the rest of its result
        String reply = NodeWire.rowsReply(JsonTree.read(
                "{\"workers\":[{\"id\":3,\"s\":\"a\\nb\"},{\"id\":1}],\"total\":4}"), "workers");
        assertThat(reply).isEqualTo("{\"result\":{\"total\":4}}\n[{\"id\":1},{\"id\":3,\"s\":\"a\\nb\"}]");
        bus.replies.get(0).complete(reply);
        assertThat(JsonTree.rawText(f.result().get("workers"))).isEqualTo("[{\"id\":1},{\"id\":3,\"s\":\"a\\nb\"}]");
        assertThat(JsonTree.write(f.result())).isEqualTo("{\"workers\":[{\"id\":1},{\"id\":3,\"s\":\"a\\nb\"}],\"total\":4}");
        // an answer without such rows (an error, a node of an older zpm) is read whole
        assertThat(NodeWire.rowsReply(JsonTree.read("{\"apps\":[]}"), "workers")).isEqualTo("{\"result\":{\"apps\":[]}}");
        assertThat(JsonTree.write(NodeWire.result("{\"result\":{\"workers\":[{\"id\":1}]}}", "workers")))
                .isEqualTo("{\"workers\":[{\"id\":1}]}");
        assertThat(NodeWire.request("{\"op\":\"call\",\"method\":\"status\",\"access\":\"full\"}").rows()).isNull();
    }

    @Test
    void rowsThatAreNotOneLineHoldingAnArrayAreRefusedNotPassedOn() {
        for (String reply : List.of("{\"result\":{}}\n[1]\n[2]", "{\"result\":{}}\n{\"id\":1}",
                "{\"result\":{}}\n[1]\r", "{\"result\":{}}\n", "{\"result\":7}\n[1]")) {
            Future<JsonNode> f = forwarder.call("b", "status", null, Access.READ_ONLY, 3_000, KNOWN, "workers");
            bus.replies.get(bus.replies.size() - 1).complete(reply);
            assertThat(f.failed()).as(reply).isTrue();
            assertThat(((RpcException) f.cause()).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(f.cause().getMessage()).isEqualTo("the node answered rows that are not one line holding a JSON array");
        }
        Future<JsonNode> err = forwarder.call("b", "status", null, Access.READ_ONLY, 3_000, KNOWN, "workers");
        bus.replies.get(bus.replies.size() - 1).complete("{\"error\":{\"code\":-32010,\"message\":\"no app x\"}}");
        assertThat(((RpcException) err.cause()).code()).isEqualTo(ErrorCode.UNKNOWN_APP);
    }

    @Test
    void aTimeoutNamesTheNodeAndTheTime() {
        Future<JsonNode> f = call("b");
        bus.replies.get(0).fail(new ReplyException(ReplyFailure.TIMEOUT, "timed out"));
        RpcException e = (RpcException) f.cause();
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("node b did not answer within 3000 ms");
    }

    @Test
    void anUnknownNodeListsTheKnownOnesAndSendsNothing() {
        Future<JsonNode> f = call("zz");
        RpcException e = (RpcException) f.cause();
        assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNKNOWN);
        assertThat(e.getMessage()).isEqualTo("no node named \"zz\" in the fleet; known nodes: a, b, c");
        assertThat(bus.addresses).isEmpty();
    }

    @Test
    void closingFailsEveryPendingCall() {
        Future<JsonNode> onB = call("b");
        Future<JsonNode> onC = call("c");
        forwarder.closeAll();
        assertThat(((RpcException) onB.cause()).code()).isEqualTo(ErrorCode.NODE_LEFT);
        assertThat(((RpcException) onC.cause()).getMessage()).contains("this node left the fleet");
    }
}
