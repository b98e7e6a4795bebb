package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;

/** The client-side checks of {@link JsonRpcCodec#parseInbound}: responses and notifications. */
final class InboundReader {

    private InboundReader() {
    }

    static List<Response> batch(ArrayNode array) {
        if (array.isEmpty()) {
            throw new MalformedMessageException("an empty array is not a batch of responses");
        }
        List<Response> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            try {
                out.add(response(array.get(i)));
            } catch (MalformedMessageException e) {
                throw new MalformedMessageException("batch element " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    static Notification notification(JsonNode n) {
        JsonRpcCodec.requireVersion(n);
        JsonNode method = n.get("method");
        if (!method.isTextual() || method.asText().isEmpty()) {
            throw new MalformedMessageException("\"method\" must be a non-empty string, not " + JsonRpcCodec.kind(method));
        }
        if (n.has("id")) {
            // The agent only answers and notifies; a request to the client has no one to serve it.
            throw new MalformedMessageException("the server sent a request (\"" + method.asText()
                    + "\" with an \"id\"); a client takes only responses and notifications");
        }
        JsonNode params = n.get("params");
        if (params != null && !params.isContainerNode()) {
            throw new MalformedMessageException("\"params\" must be an object or an array, not " + JsonRpcCodec.kind(params));
        }
        return new Notification(method.asText(), params);
    }

    static Response response(JsonNode n) {
        if (!n.isObject()) {
            throw new MalformedMessageException("a response must be a JSON object, not " + JsonRpcCodec.kind(n));
        }
        JsonRpcCodec.requireVersion(n);
        JsonNode id = n.get("id");
        if (id == null) {
            throw new MalformedMessageException("response has no \"id\"");
        }
        if (!JsonRpcCodec.validId(id)) {
            throw new MalformedMessageException("response \"id\" must be a string, a number or null, not " + JsonRpcCodec.kind(id));
        }
        JsonNode result = n.get("result");
        JsonNode error = n.get("error");
        if (result != null && error != null) {
            throw new MalformedMessageException("response has both \"result\" and \"error\"");
        }
        if (result == null && error == null) {
            throw new MalformedMessageException("response has neither \"result\" nor \"error\"");
        }
        return result != null ? Response.ok(id, result) : Response.fail(id, error(error));
    }

    private static RpcError error(JsonNode e) {
        if (!e.isObject()) {
            throw new MalformedMessageException("\"error\" must be an object, not " + JsonRpcCodec.kind(e));
        }
        JsonNode code = e.get("code");
        if (code == null || !code.isIntegralNumber() || !code.canConvertToInt()) {
            throw new MalformedMessageException("\"error.code\" must be an integer");
        }
        JsonNode message = e.get("message");
        if (message == null || !message.isTextual()) {
            throw new MalformedMessageException("\"error.message\" must be a string");
        }
        JsonNode data = e.get("data");
        return new RpcError(code.asInt(), message.asText(), data);
    }
}
