package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import zpm.agent.fleet.NodeView;
import zpm.agent.rpc.Access;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Calls forwarded to other nodes, kept per node. The event bus itself fails a request pending
 * on a node that died only when the request's own timeout runs out (seen: the full 2 s and 4 s,
 * though Hazelcast removed the member after 0.4 s); {@link #nodeLeft} fails them at once instead.
 * Used on the fleet's context only.
 */
final class Forwarder {

    /** Sends one request to an address and gives the reply's body. */
    interface Bus {
        Future<Object> request(String address, String body, long timeoutMs);
    }

    private final Bus bus;
    private final Function<String, NodeView> nodes;
    private final Map<String, List<Promise<JsonNode>>> pending = new HashMap<>();

    /** @param nodes the verified node of a name, else null */
    Forwarder(Bus bus, Function<String, NodeView> nodes) {
        this.bus = bus;
        this.nodes = nodes;
    }

    /**
     * Calls {@code method} on verified node {@code node}.
     *
     * @param known the names of the known nodes, for the message when {@code node} is not one
     */
    Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs,
                          List<String> known) {
        return call(node, method, params, access, timeoutMs, known, null);
    }

    /** {@link #call}; {@code rows} not null: the answer's rows under that key may come back unread. */
    Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs,
                          List<String> known, String rows) {
        if (nodes.apply(node) == null) {
            return Future.failedFuture(new RpcException(ErrorCode.NODE_UNKNOWN, "no node named \"" + node
                    + "\" in the fleet; known nodes: " + String.join(", ", known)));
        }
        Promise<JsonNode> p = Promise.promise();
        pending.computeIfAbsent(node, k -> new ArrayList<>()).add(p);
        bus.request(NodeWire.address(node), NodeWire.callRequest(method, params, access, rows), timeoutMs)
                .onComplete(ar -> answered(node, p, timeoutMs, rows, ar));
        return p.future();
    }

    private void answered(String node, Promise<JsonNode> p, long timeoutMs, String rows, AsyncResult<Object> ar) {
        List<Promise<JsonNode>> mine = pending.get(node);
        if (mine != null) {
            mine.remove(p);
            if (mine.isEmpty()) {
                pending.remove(node);
            }
        }
        if (ar.failed()) {
            p.tryFail(busFailure(node, timeoutMs, ar.cause()));
            return;
        }
        try {
            p.tryComplete(NodeWire.result(ar.result(), rows));
        } catch (RpcException e) {
            p.tryFail(e);
        }
    }

    static RpcException busFailure(String node, long timeoutMs, Throwable cause) {
        if (cause instanceof ReplyException re) {
            switch (re.failureType()) {
                case TIMEOUT:
                    return new RpcException(ErrorCode.TIMEOUT, "node " + node + " did not answer within "
                            + timeoutMs + " ms");
                case NO_HANDLERS:
                    return new RpcException(ErrorCode.NODE_LEFT, "node " + node
                            + " no longer answers on the fleet's event bus (it is leaving or restarting)");
                default:
                    break;
            }
        }
        return new RpcException(ErrorCode.INTERNAL_ERROR, "node " + node + " failed the call: " + cause.getMessage());
    }

    /** Fails every call pending on {@code node} at once: it left the fleet. */
    void nodeLeft(String node, String reason) {
        List<Promise<JsonNode>> mine = pending.remove(node);
        if (mine == null) {
            return;
        }
        RpcException left = new RpcException(ErrorCode.NODE_LEFT, "node " + node + " left the fleet ("
                + reason + ") before it answered");
        mine.forEach(p -> p.tryFail(left));
    }

    /** Fails every pending call: this node is leaving the fleet. */
    void closeAll() {
        for (String node : List.copyOf(pending.keySet())) {
            nodeLeft(node, "this node left the fleet");
        }
    }

    /** How many calls are pending, per node (tests). */
    Map<String, Integer> pendingCounts() {
        return pending.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
    }
}
