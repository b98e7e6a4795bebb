package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

/** One-line summaries of what a changing command did, from its result object. */
public final class OperationText {

    private OperationText() {
    }

    /** restart → {"replaced": [ids], "started": [ids]}. */
    public static String restarted(JsonNode r) {
        int n = r.path("replaced").size();
        if (n == 0 && r.path("started").isEmpty()) {
            return "nothing to restart";
        }
        return "restarted " + workers(n) + ": " + ids(r.path("replaced")) + " -> " + ids(r.path("started"));
    }

    /**
     * shutdown / terminate → {"stopped": [ids]}.
     *
     * @param done what happened to them ("stopped", "killed")
     */
    public static String stopped(JsonNode r, String done) {
        int n = r.path("stopped").size();
        return n == 0 ? "no workers were running" : done + " " + workers(n) + ": " + ids(r.path("stopped"));
    }

    /** signal → {"signal": "HUP", "signalled": [ids]}. */
    public static String signalled(JsonNode r) {
        String sig = "SIG" + r.path("signal").asText("?");
        int n = r.path("signalled").size();
        return n == 0 ? "no workers to send " + sig + " to" : "sent " + sig + " to " + workers(n) + ": "
                + ids(r.path("signalled"));
    }

    public static String sent(JsonNode r) {
        int n = r.path("sent").size();
        return n == 0 ? "no connected workers to send to" : "sent to " + workers(n) + ": " + ids(r.path("sent"));
    }

    static String workers(int n) {
        return n + (n == 1 ? " worker" : " workers");
    }

    /** "1 2 3", or "-" for none. */
    public static String ids(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        arr.forEach(id -> sb.append(sb.length() > 0 ? " " : "").append(id.asText()));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
