package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.FleetCalls.NodeFailure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The answers of several nodes as one: their rows together, by node then id, and who did not answer. */
final class Merge {

    /** Rows by node name, then by id (apps, which have no id, keep each node's order). */
    private static final Comparator<JsonNode> BY_NODE_THEN_ID = Comparator
            .<JsonNode, String>comparing(r -> r.path("node").asText())
            .thenComparingLong(r -> r.path("id").asLong());

    private Merge() {
    }

    /**
     * {@code {key: [rows of every answer], "total"?: sum, "unreachable": [...]}}.
     *
     * @param total whether the answers have a {@code total} to add up (connections)
     */
    static ObjectNode rows(String key, List<JsonNode> answers, boolean total, List<NodeFailure> unreachable) {
        List<JsonNode> rows = new ArrayList<>();
        long sum = 0;
        for (JsonNode a : answers) {
            a.path(key).forEach(rows::add);
            sum += a.path("total").asLong();
        }
        rows.sort(BY_NODE_THEN_ID);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray(key);
        rows.forEach(list::add);
        if (total) {
            out.put("total", sum);
        }
        NodeFailure.write(out, unreachable);
        return out;
    }
}
