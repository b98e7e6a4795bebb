package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an agent's log files are, from its {@code agent.info}: {@code <logs.dir>/<app>.out.log}
 * and {@code .err.log} for each app. An agent without the {@code logs} object (older than log
 * files) is said to keep no files it can name.
 */
final class LogFiles {

    private LogFiles() {
    }

    /** {"dir": "/abs" or null, "files": ["/abs/web.out.log", ...]}. */
    static JsonNode of(JsonNode info, List<String> apps) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        String dir = dir(info);
        n.put("dir", dir);
        ArrayNode files = n.putArray("files");
        paths(info, apps).forEach(files::add);
        return n;
    }

    /** One path a line, or why there is none. */
    static String text(JsonNode info, List<String> apps) {
        if (!info.has("logs")) {
            return "this agent does not report log files (it predates them): logs come from its memory only";
        }
        String dir = dir(info);
        if (dir == null) {
            return "files are off (agent.logs.dir: none): logs come from the agent's memory only";
        }
        List<String> paths = paths(info, apps);
        return paths.isEmpty() ? "no apps; log files go to " + dir : String.join("\n", paths);
    }

    private static String dir(JsonNode info) {
        JsonNode d = info.path("logs").path("dir");
        return d.isTextual() ? d.asText() : null;
    }

    private static List<String> paths(JsonNode info, List<String> apps) {
        String dir = dir(info);
        List<String> out = new ArrayList<>();
        if (dir == null) {
            return out;
        }
        List<String> names = new ArrayList<>(apps);
        if (names.isEmpty()) {
            info.path("apps").forEach(a -> names.add(a.asText()));
        }
        String sep = dir.endsWith("/") ? "" : "/";
        for (String app : names) {
            out.add(dir + sep + app + ".out.log");
            out.add(dir + sep + app + ".err.log");
        }
        return out;
    }
}
