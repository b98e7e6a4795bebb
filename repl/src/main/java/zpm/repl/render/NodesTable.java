package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code nodes} result ({"nodes": [{"name", "address", "version", "uptimeMs", "apps",
 * "workers", "state", "self"}]}) as a table: a lone agent is a fleet of one.
 */
public final class NodesTable {

    private NodesTable() {
    }

    public static String render(JsonNode result, boolean color) {
        Table t = new Table("NAME", "ADDRESS", "VERSION", ">UP", ">APPS", ">WORKERS", "STATE", "?NOTE");
        int up = 0;
        for (JsonNode n : result.path("nodes")) {
            String state = n.path("state").asText("?");
            boolean isUp = "up".equals(state);
            up += isUp ? 1 : 0;
            t.row(n.path("name").asText(), n.path("address").asText("-"), n.path("version").asText("-"),
                    uptime(n.get("uptimeMs")), count(n.get("apps")), count(n.get("workers")),
                    new Table.Cell(state, isUp ? Style.GREEN : Style.RED),
                    new Table.Cell(n.path("self").asBoolean(false) ? "this console's node" : "", Style.DIM));
        }
        if (t.isEmpty()) {
            return "no nodes";
        }
        int size = t.size();
        return t.render(color) + "\n" + size + (size == 1 ? " node, " : " nodes, ") + up + " up";
    }

    private static String uptime(JsonNode ms) {
        return ms == null || !ms.isNumber() ? "-" : Units.duration(ms.asLong());
    }

    private static String count(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asText();
    }
}
