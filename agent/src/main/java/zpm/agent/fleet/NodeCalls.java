package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import zpm.agent.rpc.Access;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.Session;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call on one node: the connected node through its own handler, any other through the
 * fleet (where that node's own method table runs it, with the caller's access). Calls to several
 * nodes run in parallel and end as one {@link Outcome} per node, each a result or a failure.
 */
final class NodeCalls {

    private final Fleet fleet;

    NodeCalls(Fleet fleet) {
        this.fleet = fleet;
    }

    /** One node's part of a call: its result, or why there is none. */
    record Outcome(String node, JsonNode result, Throwable failure) {
        boolean ok() {
            return failure == null;
        }

        /** The error the node answered, as the wire carries it. */
        RpcError error() {
            return failure instanceof RpcException r ? r.error()
                    : RpcError.of(ErrorCode.NODE_LEFT, "node " + node + ": " + failure.getMessage());
        }

        /**
         * True when the node could not be asked or did not answer (it left, it is unknown now, the
         * link failed): it goes to {@code unreachable}, not to the answer. For a {@code read},
         * also no answer in time and an internal error (a read never fails the whole call for
         * one node; a change's timeout or internal error is that node's own answer).
         */
        boolean unreachable(boolean read) {
            if (!(failure instanceof RpcException r)) {
                return failure != null;
            }
            ErrorCode code = r.code();
            return code == ErrorCode.NODE_LEFT || code == ErrorCode.NODE_UNKNOWN
                    || (read && (code == ErrorCode.TIMEOUT || code == ErrorCode.INTERNAL_ERROR));
        }

        boolean failedWith(ErrorCode code) {
            return failure instanceof RpcException r && r.code() == code;
        }
    }

    String self() {
        return fleet.self();
    }

    /** The verified nodes' names, sorted. */
    List<String> names() {
        return fleet.nodes().stream().map(NodeView::name).toList();
    }

    /** -32016 naming the nodes, unless {@code node} is one. */
    void requireKnown(String node) {
        List<String> names = names();
        if (!names.contains(node)) {
            throw new RpcException(ErrorCode.NODE_UNKNOWN, "no node named \"" + node + "\"; the nodes are "
                    + String.join(", ", names));
        }
    }

    /**
     * The named nodes with their params, each checked (-32016); the null node (ids given without
     * a node) is this one, its ids joined with those named "SELF/ID".
     */
    Map<String, JsonNode> named(Map<String, JsonNode> byNode) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        byNode.forEach((node, params) -> {
            String n = node == null ? self() : node;
            requireKnown(n);
            out.merge(n, params, NodeCalls::joinTargets);
        });
        return out;
    }

    private static JsonNode joinTargets(JsonNode a, JsonNode b) {
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        for (JsonNode t : List.of(a.get("target"), b.get("target"))) {
            if (t.isArray()) {
                ids.addAll((ArrayNode) t);
            } else {
                ids.add(t);
            }
        }
        return NodeTargets.with(a, "target", ids);
    }

    /** {@code handler}'s method with {@code params} on {@code node}. */
    Future<JsonNode> on(String node, Session session, MethodHandler handler, JsonNode params, long timeoutMs) {
        return on(node, session, handler, params, timeoutMs, null);
    }

    /** @param rowsKey not null: another node's rows under this key may come back unread ({@link Fleet#callRows}) */
    private Future<JsonNode> on(String node, Session session, MethodHandler handler, JsonNode params, long timeoutMs,
                                String rowsKey) {
        if (node.equals(fleet.self())) {
            try {
                return handler.call(session, params);
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return rowsKey == null ? fleet.call(node, handler.method().name(), params, access(session), timeoutMs)
                : fleet.callRows(node, handler.method().name(), params, access(session), timeoutMs, rowsKey);
    }

    /**
     * {@link #on}, for a call that names one other node only: that node's own errors (an unknown
     * id, a refused change) say which node answered them, since its ids are its own.
     */
    Future<JsonNode> onNamed(String node, Session session, MethodHandler handler, JsonNode params, long timeoutMs) {
        return onNamed(node, session, handler, params, timeoutMs, null);
    }

    /** {@link #onNamed}; {@code rowsKey} not null: that node's rows under this key may come back unread. */
    Future<JsonNode> onNamed(String node, Session session, MethodHandler handler, JsonNode params, long timeoutMs,
                             String rowsKey) {
        Future<JsonNode> f = on(node, session, handler, params, timeoutMs, rowsKey);
        if (node.equals(fleet.self())) {
            return f;
        }
        return f.recover(e -> {
            if (e instanceof RpcException r && r.code() != ErrorCode.NODE_LEFT && r.code() != ErrorCode.NODE_UNKNOWN
                    && !r.getMessage().startsWith("node " + node)) {
                RpcError err = r.error();
                return Future.failedFuture(new RpcException(new RpcError(err.code(), "node " + node + ": "
                        + err.message(), err.data())));
            }
            return Future.failedFuture(e);
        });
    }

    /** The call on each node with its params, in parallel; one outcome each, in the order given. */
    Future<List<Outcome>> each(Map<String, JsonNode> paramsByNode, Session session, MethodHandler handler,
                               long timeoutMs) {
        return each(paramsByNode, session, handler, timeoutMs, null);
    }

    /**
     * {@link #each}, for a read whose rows are only passed on: the other nodes' rows under
     * {@code rowsKey} may come back unread ({@link Fleet#callRows}).
     */
    Future<List<Outcome>> each(Map<String, JsonNode> paramsByNode, Session session, MethodHandler handler,
                               long timeoutMs, String rowsKey) {
        List<String> nodes = new ArrayList<>(paramsByNode.keySet());
        List<Future<JsonNode>> calls = new ArrayList<>();
        for (String n : nodes) {
            calls.add(on(n, session, handler, paramsByNode.get(n), timeoutMs, rowsKey));
        }
        return Future.join(calls).transform(ignored -> {
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                Future<JsonNode> f = calls.get(i);
                out.add(new Outcome(nodes.get(i), f.succeeded() ? f.result() : null, f.failed() ? f.cause() : null));
            }
            return Future.succeededFuture(out);
        });
    }

    /** The caller's access, kept across the fleet (a session-less call is read-only). */
    private static Access access(Session session) {
        return session == null ? Access.READ_ONLY : session.access();
    }
}
