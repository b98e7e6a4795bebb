package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A notification the agent pushes to a client (no id, no answer): {@code event} with a
 * lifecycle event, {@code events.dropped} when a slow subscriber lost events, {@code log}
 * for followed log lines.
 */
public record Notification(String method, JsonNode params) {
}
