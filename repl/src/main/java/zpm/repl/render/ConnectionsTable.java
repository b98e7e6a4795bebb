package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code connections} result ({"workers": [...], "total": n}) as a table and a total. */
public final class ConnectionsTable {

    private ConnectionsTable() {
    }

    public static String render(JsonNode result, boolean color) {
        Table t = new Table(">ID", "APP", ">SLOT", ">CONNS", "LISTENING");
        for (JsonNode w : result.path("workers")) {
            StringBuilder ports = new StringBuilder();
            w.path("ports").forEach(p -> ports.append(ports.length() > 0 ? " " : "").append(p.asText()));
            t.row(w.path("id").asText(), w.path("app").asText(), w.path("slot").asText(),
                    w.path("connections").asText("0"), ports.length() == 0 ? "-" : ports.toString());
        }
        if (t.isEmpty()) {
            return "no workers";
        }
        return t.render(color) + "\n" + "total: " + result.path("total").asText("0") + " established connections";
    }
}
