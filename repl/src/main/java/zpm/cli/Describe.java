package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.repl.render.StatusTable;

import java.util.ArrayList;
import java.util.List;

/** The text of {@code zpm describe}: the spec as the agent holds it, the workers' table, their last exits. */
final class Describe {

    private Describe() {
    }

    /** @param r {"app": apps.list's entry, "workers": status rows} */
    static String text(JsonNode r, boolean color) {
        List<String> lines = new ArrayList<>();
        JsonNode app = r.path("app");
        lines.add("app " + app.path("name").asText() + ": " + app.path("state").asText("?") + ", size "
                + app.path("size").asText("?"));
        lines.add(JsonTree.writePretty(app));
        JsonNode workers = r.path("workers");
        lines.add(workers.isEmpty() ? "no workers" : AgentVerbs.workersTable(workers, color));
        for (JsonNode w : workers) {
            JsonNode exit = w.get("lastExit");
            if (exit != null && !exit.isNull()) {
                String reason = w.path("reason").asText("");
                lines.add("worker " + w.path("id").asText() + " last exit: " + StatusTable.exitText(exit)
                        + (reason.isEmpty() ? "" : " (" + reason + ")"));
            }
        }
        return String.join("\n", lines);
    }
}
