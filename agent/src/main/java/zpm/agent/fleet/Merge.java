package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.FleetCalls.NodeFailure;
import zpm.protocol.jsonrpc.JsonTree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answers of several nodes as one: their rows together, by node then id, and who did not answer. */
final class Merge {

    /** Rows by node name, then by id (apps, which have no id, keep each node's order). */
    private static final Comparator<JsonNode> BY_NODE_THEN_ID = Comparator
            .<JsonNode, String>comparing(r -> r.path("node").asText())
            .thenComparingLong(r -> r.path("id").asLong());

    private Merge() {
    }

    /**
     * {@code {key: [rows of every answer], "total"?: sum, "unreachable": [...]}}. An answer whose
     * rows came as another node's text ({@link Fleet#callRows}, already sorted by id there) is
     * spliced in unread, at its node's place; the rows are then one {@code JsonTree.raw} node.
     *
     * @param answers each node's answer, by node name
     * @param total   whether the answers have a {@code total} to add up (connections)
     */
    static ObjectNode rows(String key, Map<String, JsonNode> answers, boolean total, List<NodeFailure> unreachable) {
        long sum = 0;
        boolean unread = false;
        for (JsonNode a : answers.values()) {
            sum += a.path("total").asLong();
            unread |= JsonTree.rawText(a.get(key)) != null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (unread) {
            out.set(key, JsonTree.raw(spliced(key, answers)));
        } else {
            List<JsonNode> rows = new ArrayList<>();
            answers.values().forEach(a -> a.path(key).forEach(rows::add));
            rows.sort(BY_NODE_THEN_ID);
            ArrayNode list = out.putArray(key);
            rows.forEach(list::add);
        }
        if (total) {
            out.put("total", sum);
        }
        NodeFailure.write(out, unreachable);
        return out;
    }

    /** The JSON array of every node's rows, nodes by name, each node's rows by id. */
    private static String spliced(String key, Map<String, JsonNode> answers) {
        StringBuilder out = new StringBuilder(64 * 1024).append('[');
        for (Map.Entry<String, JsonNode> a : new TreeMap<>(answers).entrySet()) {
            JsonNode rows = a.getValue().get(key);
            String text = JsonTree.rawText(rows);
            if (text == null) { // read here: this node's own, or a node that answered with a tree
                List<JsonNode> mine = new ArrayList<>();
                if (rows != null) {
                    rows.forEach(mine::add);
                }
                mine.sort(BY_NODE_THEN_ID);
                ArrayNode sorted = JsonNodeFactory.instance.arrayNode(mine.size()).addAll(mine);
                text = JsonTree.write(sorted);
            }
            if (text.length() > 2) { // "[]" adds nothing
                out.append(out.length() > 1 ? "," : "").append(text, 1, text.length() - 1);
            }
        }
        return out.append(']').toString();
    }
}
