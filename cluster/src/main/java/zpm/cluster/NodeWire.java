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

    /** A request as received: op, and for a call its method, params and access. */
    record Request(String op, String method, JsonNode params, Access access) {
    }

    static String helloRequest() {
        return JsonTree.write(NODES.objectNode().put("op", "hello"));
    }

    static String callRequest(String method, JsonNode params, Access access) {
        ObjectNode o = NODES.objectNode().put("op", "call").put("method", method);
        o.set("params", params == null ? NODES.nullNode() : params);
        o.put("access", access == Access.FULL ? "full" : "read-only");
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
            return new Request(op, null, null, null);
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
        return new Request(op, n.get("method").textValue(), params == null || params.isNull() ? null : params, access);
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
        JsonNode n = tree(body);
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
