package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A change that a clustered agent spread over the nodes running an app ({@code restart web},
 * {@code resize web 4}, ...) answers each node's own result by node:
 * {"nodes": [{"node": "a", "result": {...}}, {"node": "b", "error": {"code", "message"}}], ...}.
 * Shown as one line per node, each node's result as the command shows a lone agent's.
 */
public final class PerNode {

    private PerNode() {
    }

    /** True for such an answer (not for {@code nodes}' own list, whose rows have "name"). */
    public static boolean isSpread(JsonNode r) {
        JsonNode first = r == null ? null : r.path("nodes").path(0);
        return first != null && first.has("node") && (first.has("result") || first.has("error"));
    }

    /** {@code one} of the result, or of each node's result as "a: ..." lines (failed nodes are said apart). */
    public static String text(JsonNode r, Function<JsonNode, String> one) {
        if (!isSpread(r)) {
            return one.apply(r);
        }
        List<String> lines = new ArrayList<>();
        for (JsonNode n : r.path("nodes")) {
            if (n.has("result")) {
                lines.add(n.path("node").asText() + ": " + one.apply(n.path("result")));
            }
        }
        return lines.isEmpty() ? "no node did it" : String.join("\n", lines);
    }

    /**
     * As {@link #text(JsonNode, Function)}, for a target that named {@code node} ("b/web"; null:
     * none): that node's own answer, its ids its own, so the line says whose they are ("b: ...").
     */
    public static String text(JsonNode r, String node, Function<JsonNode, String> one) {
        return node == null || isSpread(r) ? text(r, one) : node + ": " + one.apply(r);
    }

    /** "node b refused: no app named web" for each node of a spread answer that answered an error. */
    public static List<String> failures(JsonNode r) {
        List<String> lines = new ArrayList<>();
        if (!isSpread(r)) {
            return lines;
        }
        for (JsonNode n : r.path("nodes")) {
            if (n.has("error")) {
                lines.add("node " + n.path("node").asText() + " refused: " + n.path("error").path("message").asText("?"));
            }
        }
        return lines;
    }
}
