package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC response: exactly one of {@code result} and {@code error}.
 *
 * @param id     the request's id; a JSON null node when it could not be read (parse error)
 * @param result the result, or null when {@code error} is set
 * @param error  the error, or null on success
 */
public record Response(JsonNode id, JsonNode result, RpcError error) {

    public static Response ok(JsonNode id, JsonNode result) {
        return new Response(id, result, null);
    }

    public static Response fail(JsonNode id, RpcError error) {
        return new Response(id, null, error);
    }

    public boolean isError() {
        return error != null;
    }
}
