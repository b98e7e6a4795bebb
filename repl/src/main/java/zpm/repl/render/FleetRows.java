package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Rows of an answer that may come from a fleet (status, connections, apps.list: each row carries
 * its {@code node}): whether they span several nodes, ids as the console shows them then
 * ({@code b/3}: ids are per node), and the nodes the answer says did not answer.
 */
public final class FleetRows {

    private FleetRows() {
    }

    /** True when the rows come from more than one node: then the tables show a NODE column. */
    public static boolean spanNodes(JsonNode rows) {
        String first = null;
        for (JsonNode r : rows) {
            String node = node(r);
            if (first == null) {
                first = node;
            } else if (!first.equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** The row's node, "" when it names none (an agent before fleets). */
    public static String node(JsonNode row) {
        JsonNode n = row.path("node");
        return n.isTextual() ? n.asText() : "";
    }

    /** The rows grouped by node, in the order the nodes first appear sorted by name (stable inside a node). */
    public static List<JsonNode> byNode(JsonNode rows) {
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        list.sort(Comparator.comparing(FleetRows::node));
        return list;
    }

    /** The row's {@code field} (an id) as "b/3" in a fleet, as "3" otherwise. */
    public static String id(JsonNode row, String field, boolean fleet) {
        String id = row.path(field).asText();
        return fleet && !node(row).isEmpty() ? node(row) + "/" + id : id;
    }

    /** The NODE column's cell: the node in a fleet, empty otherwise (the column is then left out). */
    public static String nodeCell(JsonNode row, boolean fleet) {
        return fleet ? node(row) : "";
    }

    /** True when {@code apps} is empty or names the row's app, plainly ("web") or on its node ("b/web"). */
    public static boolean named(JsonNode row, Set<String> apps, String field) {
        String app = row.path(field).asText();
        return apps.isEmpty() || apps.contains(app) || apps.contains(node(row) + "/" + app);
    }

    /**
     * One line per node the answer lacks ({"unreachable": [{"node", "error"}]}, only in a fleet):
     * "node c did not answer: did not answer within 3000 ms"; none when every node answered.
     */
    public static List<String> unreachable(JsonNode result) {
        List<String> lines = new ArrayList<>();
        if (result == null) {
            return lines;
        }
        for (JsonNode u : result.path("unreachable")) {
            String error = u.path("error").asText("");
            lines.add("node " + u.path("node").asText("?") + " is missing from this answer"
                    + (error.isEmpty() ? "" : ": " + error));
        }
        return lines;
    }
}
