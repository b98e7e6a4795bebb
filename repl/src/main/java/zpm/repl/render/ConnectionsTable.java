package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code connections} result ({"workers": [...], "total": n}) as a table and a total. */
public final class ConnectionsTable {

    private ConnectionsTable() {
    }

    public static String render(JsonNode result, boolean color) {
        return render(result, color, false);
    }

    /** As above; with rows of several nodes, or {@code fleet}, a NODE column and ids as "b/3". */
    public static String render(JsonNode result, boolean color, boolean fleet) {
        JsonNode rows = result.path("workers");
        boolean nodes = fleet || FleetRows.spanNodes(rows);
        Table t = new Table("?NODE", ">ID", "APP", ">SLOT", ">CONNS", "LISTENING");
        for (JsonNode w : nodes ? FleetRows.byNode(rows) : rows) {
            StringBuilder ports = new StringBuilder();
            w.path("ports").forEach(p -> ports.append(ports.length() > 0 ? " " : "").append(p.asText()));
            t.row(FleetRows.nodeCell(w, nodes), FleetRows.id(w, "id", nodes), w.path("app").asText(), w.path("slot").asText(),
                    w.path("connections").asText("0"), ports.length() == 0 ? "-" : ports.toString());
        }
        if (t.isEmpty()) {
            return "no workers";
        }
        return t.render(color) + "\n" + "total: " + result.path("total").asText("0") + " established connections";
    }
}
