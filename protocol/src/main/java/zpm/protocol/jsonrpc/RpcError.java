package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC error object.
 *
 * @param code    the numeric code (see {@link ErrorCode})
 * @param message one sentence: what is wrong and what to do
 * @param data    optional structured detail (e.g. {"param": "size", "expected": "integer >= 0"}), or null
 */
public record RpcError(int code, String message, JsonNode data) {

    public static RpcError of(ErrorCode code, String message) {
        return new RpcError(code.code(), message, null);
    }

    public static RpcError of(ErrorCode code, String message, JsonNode data) {
        return new RpcError(code.code(), message, data);
    }

    /** {"code", "message", "data"?}: the error object as a response carries it. */
    public ObjectNode toJson() {
        ObjectNode e = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        if (data != null) {
            e.set("data", data);
        }
        return e;
    }

    /** The known code, or null. */
    public ErrorCode errorCode() {
        return ErrorCode.of(code);
    }
}
