package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** The {@code status} result ({"workers": [...]}) as a table, with a one-line summary under it. */
public final class StatusTable {

    private StatusTable() {
    }

    /**
     * @param apps when not empty, only the workers of these apps (for {@code status web api})
     */
    public static String render(JsonNode result, Set<String> apps, boolean color) {
        Table t = new Table(">ID", ">SLOT", "APP", ">PID", "STATE", ">AGE", ">RESTARTS", ">CPU", ">MEM", ">CONNS", "?NOTE");
        int online = 0;
        for (JsonNode w : result.path("workers")) {
            if (!apps.isEmpty() && !apps.contains(w.path("app").asText())) {
                continue;
            }
            String state = w.path("state").asText("?");
            t.row(w.path("id").asText(), w.path("slot").asText(), w.path("app").asText(), orDash(w.get("pid")),
                    new Table.Cell(state, States.ofWorker(state)), age(w, state), w.path("restarts").asText("0"),
                    cpu(w.get("cpu")), mem(w.get("rssBytes")), w.path("connections").asText("0"),
                    new Table.Cell(note(w), Style.DIM));
            online += "online".equals(state) ? 1 : 0;
        }
        if (t.isEmpty()) {
            return apps.isEmpty() ? "no workers" : "no workers of " + String.join(", ", apps);
        }
        int n = t.size();
        return t.render(color) + "\n" + n + (n == 1 ? " worker, " : " workers, ") + online + " online";
    }

    /** Why a worker is not simply online: its reason, else how it last ended. */
    static String note(JsonNode w) {
        String reason = w.path("reason").asText("");
        if (!reason.isEmpty() && !w.path("reason").isNull()) {
            return reason;
        }
        JsonNode exit = w.get("lastExit");
        if (exit == null || exit.isNull() || "online".equals(w.path("state").asText())) {
            return "";
        }
        return "last exit: " + exitText(exit);
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
