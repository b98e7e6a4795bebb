package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

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

    /** The known code, or null. */
    public ErrorCode errorCode() {
        return ErrorCode.of(code);
    }
}
