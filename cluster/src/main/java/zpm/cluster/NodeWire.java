package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import zpm.agent.rpc.Access;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The messages on a node's own address {@code zpm.node.<name>}, as JSON text: no codec of zpm's
 * own crosses the cluster (a JVM without it drops the message), and text keeps numbers exactly
 * as the agent wrote them. Requests: {@code {"op":"hello"}} and {@code {"op":"call","method",
 * "params","access":"full"|"read-only"}}; replies: the hello, {@code {"result": ...}} or
 * {@code {"error": {"code","message","data"}}}.
 */
final class NodeWire {

    static final String ADDRESS_PREFIX = "zpm.node.";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NodeWire() {
    }

    static String address(String node) {
        return ADDRESS_PREFIX + node;
    }

    /** What a node says of itself when asked {@code hello}. */
    record Hello(String name, String address, String version, long startedAtMs, long pid) {
    }

    /**
     * A request as received: op, and for a call its method, params, access, and the key of the
     * rows the caller takes unread (null: the whole answer as a tree).
     */
    record Request(String op, String method, JsonNode params, Access access, String rows) {
    }

    static String helloRequest() {
        return JsonTree.write(NODES.objectNode().put("op", "hello"));
    }

    static String callRequest(String method, JsonNode params, Access access) {
        return callRequest(method, params, access, null);
    }

    /** @param rows not null: the answer's rows under this key may come back as text ({@link #rowsReply}) */
    static String callRequest(String method, JsonNode params, Access access, String rows) {
        ObjectNode o = NODES.objectNode().put("op", "call").put("method", method);
        o.set("params", params == null ? NODES.nullNode() : params);
        o.put("access", access == Access.FULL ? "full" : "read-only");
        if (rows != null) {
            o.put("rows", rows);
        }
        return JsonTree.write(o);
    }

    static String helloReply(Hello h) {
        return JsonTree.write(NODES.objectNode().put("name", h.name()).put("address", h.address())
                .put("version", h.version()).put("startedAtMs", h.startedAtMs()).put("pid", h.pid()));
    }

    static String resultReply(JsonNode result) {
        ObjectNode o = NODES.objectNode();
        o.set("result", result == null ? NODES.nullNode() : result);
        return JsonTree.write(o);
    }

    /**
     * A result whose {@code key} array the caller passes on unread: {@code {"result": the rest}},
     * a newline, then the rows by id as one line of JSON. Compact JSON has no newline of its own,
     * so the first one splits the two. A result without such an array is a plain {@link #resultReply}.
     */
    static String rowsReply(JsonNode result, String key) {
        if (result == null || !result.isObject() || !result.path(key).isArray()) {
            return resultReply(result);
        }
        ObjectNode rest = NODES.objectNode();
        result.properties().forEach(f -> {
            if (!f.getKey().equals(key)) {
                rest.set(f.getKey(), f.getValue());
            }
        });
        List<JsonNode> rows = new ArrayList<>();
        result.get(key).forEach(rows::add);
        rows.sort(Comparator.comparingLong(r -> r.path("id").asLong())); // stable: apps, without ids, keep their order
        return resultReply(rest) + "\n" + JsonTree.write(NODES.arrayNode(rows.size()).addAll(rows));
    }

    static String errorReply(RpcError e) {
        ObjectNode o = NODES.objectNode();
        ObjectNode err = o.putObject("error").put("code", e.code()).put("message", e.message());
        if (e.data() != null) {
            err.set("data", e.data());
        }
        return JsonTree.write(o);
    }

    /**
     * Reads a request body (text, or a JsonObject from a plain Vert.x sender).
     *
     * @throws RpcException INVALID_REQUEST naming what is wrong
     */
    static Request request(Object body) {
        JsonNode n = tree(body);
        String op = n.path("op").asText("");
        if (op.equals("hello")) {
            return new Request(op, null, null, null, null);
        }
        if (!op.equals("call") || !n.path("method").isTextual()) {
            throw new RpcException(ErrorCode.INVALID_REQUEST,
                    "expected {\"op\":\"hello\"} or {\"op\":\"call\",\"method\":...,\"access\":...}");
        }
        Access access = switch (n.path("access").asText("")) {
            case "full" -> Access.FULL;
            case "read-only" -> Access.READ_ONLY;
            default -> throw new RpcException(ErrorCode.INVALID_REQUEST,
                    "\"access\" must be \"full\" or \"read-only\"");
        };
        JsonNode params = n.get("params");
        JsonNode rows = n.get("rows");
        return new Request(op, n.get("method").textValue(), params == null || params.isNull() ? null : params, access,
                rows != null && rows.isTextual() ? rows.textValue() : null);
    }

    /** The hello a node answered. @throws RpcException when it is not one */
    static Hello hello(Object body) {
        JsonNode n = tree(body);
        if (!n.path("name").isTextual() || !n.path("address").isTextual()) {
            throw new RpcException(ErrorCode.INVALID_REQUEST, "not a hello reply: " + JsonTree.write(n));
        }
        return new Hello(n.get("name").textValue(), n.get("address").textValue(), n.path("version").asText(null),
                n.path("startedAtMs").asLong(), n.path("pid").asLong());
    }

    /**
     * The result a node answered, or its error rebuilt as it was sent (code, message, data).
     *
     * @throws RpcException the node's error
     */
    static JsonNode result(Object body) {
        return result(body, null);
    }

    /**
     * {@link #result(Object)} of an answer that may be a {@link #rowsReply}: its rows become a
     * {@code JsonTree.raw} node under {@code key}, unread. They come from a node that holds the
     * fleet's certificate; they are only checked to be one line holding an array, so that a
     * client's line of JSON stays one line.
     *
     * @throws RpcException the node's error, or INTERNAL_ERROR when the rows are not one array line
     */
    static JsonNode result(Object body, String key) {
        String text = body instanceof String s ? s : null;
        int nl = text == null || key == null ? -1 : text.indexOf('\n');
        if (nl < 0) {
            return answer(tree(body));
        }
        JsonNode rest = answer(tree(text.substring(0, nl)));
        String rows = text.substring(nl + 1);
        if (!rest.isObject() || rows.length() < 2 || rows.charAt(0) != '[' || rows.charAt(rows.length() - 1) != ']'
                || rows.indexOf('\n') >= 0 || rows.indexOf('\r') >= 0) {
            throw new RpcException(ErrorCode.INTERNAL_ERROR, "the node answered rows that are not one line holding a JSON array");
        }
        ObjectNode out = NODES.objectNode(); // the rows first, as the node's own answer has them
        out.set(key, JsonTree.raw(rows));
        out.setAll((ObjectNode) rest);
        return out;
    }

    private static JsonNode answer(JsonNode n) {
        JsonNode err = n.get("error");
        if (err != null && err.isObject()) {
            JsonNode data = err.get("data");
            throw new RpcException(new RpcError(err.path("code").asInt(ErrorCode.INTERNAL_ERROR.code()),
                    err.path("message").asText(""), data == null || data.isNull() ? null : data));
        }
        JsonNode result = n.get("result");
        return result == null ? NODES.nullNode() : result;
    }

    static JsonNode tree(Object body) {
        String text = body instanceof JsonObject j ? j.encode() : String.valueOf(body);
        try {
            JsonNode n = JsonTree.read(text);
            if (n == null || !n.isObject()) {
                throw new RpcException(ErrorCode.INVALID_REQUEST, "expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new RpcException(ErrorCode.PARSE_ERROR, "not JSON: " + e.getMessage());
        }
    }
}
