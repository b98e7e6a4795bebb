package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

/** The {@code apps.list} result as a table, and one app (the result of resize, add, ...) as a line. */
public final class AppsTable {

    private static final int COMMAND_WIDTH = 50;

    private AppsTable() {
    }

    public static String render(JsonNode result, boolean color) {
        return render(result, color, false);
    }

    /** As above; with apps of several nodes, or {@code fleet}, a NODE column (an app runs per node). */
    public static String render(JsonNode result, boolean color, boolean fleet) {
        JsonNode rows = result.path("apps");
        boolean nodes = fleet || FleetRows.spanNodes(rows);
        Table t = new Table("?NODE", "NAME", "STATE", ">SIZE", ">WORKERS", ">ONLINE", ">PORT", "COMMAND", "?NOTE");
        for (JsonNode a : nodes ? FleetRows.byNode(rows) : rows) {
            String state = a.path("state").asText("?");
            JsonNode spec = a.path("spec");
            t.row(FleetRows.nodeCell(a, nodes), a.path("name").asText(), new Table.Cell(state, States.ofApp(state)), a.path("size").asText(),
                    a.path("workers").asText(), a.path("online").asText(), spec.path("port").asText("-"),
                    clip(command(spec.path("command"))), new Table.Cell(text(a.get("reason")), Style.DIM));
        }
        return t.isEmpty() ? "no apps (start one with: start NAME -- COMMAND ARGS...)" : t.render(color);
    }

    /** "web: running, size 4, 4 workers, 4 online" (and why, when it is fatal or in danger). */
    public static String line(JsonNode app, boolean color) {
        String state = app.path("state").asText("?");
        String reason = text(app.get("reason"));
        return Style.BOLD.apply(app.path("name").asText("?"), color) + ": "
                + States.ofApp(state).apply(state, color) + ", size " + app.path("size").asText()
                + ", " + app.path("workers").asText() + " workers, " + app.path("online").asText() + " online"
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    static String command(JsonNode argv) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode a : argv) {
            String s = a.asText();
            boolean quote = s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'');
            sb.append(sb.length() > 0 ? " " : "").append(quote ? "'" + s.replace("'", "'\\''") + "'" : s);
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= COMMAND_WIDTH ? s : s.substring(0, COMMAND_WIDTH - 3) + "...";
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }
}
