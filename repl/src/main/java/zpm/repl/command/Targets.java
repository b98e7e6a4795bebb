package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;

/**
 * What people type as a target, as the wire's {@code target}: "all", one app name, or worker
 * ids (one id as a number, several as a list).
 */
public final class Targets {

    public static final String HINT = "all, an app name, or worker ids";

    private Targets() {
    }

    /** @throws UsageException when the words are empty, mix names and ids, or name two apps */
    public static JsonNode parse(List<String> words) {
        if (words.isEmpty()) {
            throw new UsageException("which workers? give " + HINT);
        }
        boolean allIds = words.stream().allMatch(Numbers::isWorkerId);
        if (allIds) {
            if (words.size() == 1) {
                return LongNode.valueOf(Long.parseLong(words.get(0)));
            }
            ArrayNode ids = JsonNodeFactory.instance.arrayNode();
            words.forEach(w -> ids.add(Long.parseLong(w)));
            return ids;
        }
        if (words.size() > 1) {
            throw new UsageException("give one app name, or \"all\", or only worker ids (got " + String.join(" ", words)
                    + ")");
        }
        String w = words.get(0);
        if (w.startsWith("-")) {
            throw new UsageException("not a target: " + w + " (give " + HINT + ")");
        }
        return TextNode.valueOf(w);
    }

    /** The app a target names, or null for "all" and ids: whose events show a command's progress. */
    public static String appOf(JsonNode target) {
        return target.isTextual() && !target.asText().equals("all") ? target.asText() : null;
    }
}
