package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC request, or a notification when {@code id} is null (no answer is sent).
 *
 * @param id     a string or number node, or null for a notification
 * @param method the method name
 * @param params an object or array node, or null when absent
 */
public record Request(JsonNode id, String method, JsonNode params) {

    public boolean isNotification() {
        return id == null;
    }
}
