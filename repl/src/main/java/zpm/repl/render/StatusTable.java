package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** The {@code status} result ({"workers": [...]}) as a table, with a one-line summary under it. */
public final class StatusTable {

    private StatusTable() {
    }

    /**
     * @param apps when not empty, only the workers of these apps (for {@code status web api};
     *             "b/web" names the app on node b)
     */
    public static String render(JsonNode result, Set<String> apps, boolean color) {
        return render(result, apps, color, false);
    }

    /**
     * As above; with rows of several nodes, or {@code fleet} (the console knows it talks to a
     * fleet), a NODE column first, the rows grouped by node and ids as "b/3".
     */
    public static String render(JsonNode result, Set<String> apps, boolean color, boolean fleet) {
        JsonNode rows = result.path("workers");
        boolean nodes = fleet || FleetRows.spanNodes(rows);
        Table t = new Table("?NODE", ">ID", ">SLOT", "APP", ">PID", "STATE", ">AGE", ">RESTARTS", ">CPU", ">MEM", ">CONNS",
                "?NOTE");
        int online = 0;
        for (JsonNode w : nodes ? FleetRows.byNode(rows) : rows) {
            if (!FleetRows.named(w, apps, "app")) {
                continue;
            }
            String state = w.path("state").asText("?");
            t.row(FleetRows.nodeCell(w, nodes), FleetRows.id(w, "id", nodes), w.path("slot").asText(),
                    w.path("app").asText(), orDash(w.get("pid")), new Table.Cell(state, States.ofWorker(state)),
                    age(w, state), w.path("restarts").asText("0"), cpu(w.get("cpu")), mem(w.get("rssBytes")),
                    w.path("connections").asText("0"), new Table.Cell(note(w), Style.DIM));
            online += "online".equals(state) ? 1 : 0;
        }
        if (t.isEmpty()) {
            return apps.isEmpty() ? "no workers" : "no workers of " + String.join(", ", apps);
        }
        int n = t.size();
        return t.render(color) + "\n" + n + (n == 1 ? " worker, " : " workers, ") + online + " online";
    }

    /**
     * Why a worker is not simply online (its reason), else what it says of itself (sd_notify
     * STATUS=), else how its previous process ended when that was not asked for (with why, e.g. a
     * failed liveness check), else how it last ended when it is not running.
     */
    static String note(JsonNode w) {
        String reason = textOf(w.path("reason"));
        if (!reason.isEmpty()) {
            return reason;
        }
        String status = textOf(w.path("statusText"));
        if (!status.isEmpty()) {
            return status;
        }
        JsonNode exit = w.get("lastExit");
        if (exit == null || exit.isNull()) {
            return "";
        }
        String why = textOf(exit.path("reason"));
        if ("online".equals(w.path("state").asText())) {
            return why.isEmpty() || exit.path("expected").asBoolean(false) ? "" : "replaced: " + why;
        }
        return "last exit: " + exitText(exit) + (why.isEmpty() ? "" : " (" + why + ")");
    }

    private static String textOf(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "" : n.asText("");
    }

    /** "code 1", "SIGKILL", "code 0 (expected)". */
    public static String exitText(JsonNode exit) {
        JsonNode signal = exit.get("signal");
        String what = signal != null && !signal.isNull() && !signal.asText().isEmpty()
                ? signalName(signal.asText()) : "code " + exit.path("code").asText("?");
        return exit.path("expected").asBoolean(false) ? what + " (expected)" : what;
    }

    private static String signalName(String s) {
        return s.startsWith("SIG") || s.chars().allMatch(Character::isDigit) ? s : "SIG" + s;
    }

    private static String age(JsonNode w, String state) {
        boolean running = "online".equals(state) || "starting".equals(state) || "stopping".equals(state);
        return running ? Units.duration(w.path("uptimeMs").asLong(-1)) : "-";
    }

    private static String orDash(JsonNode n) {
        return n == null || n.isNull() ? "-" : n.asText();
    }

    private static String cpu(JsonNode n) {
        return n == null || n.isNull() ? "-" : Units.percent(n.asDouble());
    }

    private static String mem(JsonNode n) {
        return n == null || n.isNull() ? "-" : Units.bytes(n.asLong());
    }
}
