package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.util.Map;

/** The {@code agent.info} result as aligned "key  value" lines. */
public final class InfoText {

    private InfoText() {
    }

    public static String render(JsonNode info, boolean color) {
        int width = 0;
        for (Map.Entry<String, JsonNode> f : info.properties()) {
            width = Math.max(width, label(f.getKey(), f.getValue()).length());
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> f : info.properties()) {
            String key = label(f.getKey(), f.getValue()) + ":";
            sb.append(sb.length() > 0 ? "\n" : "").append(Style.BOLD.apply(key, color))
                    .append(" ".repeat(width + 2 - key.length())).append(value(f.getKey(), f.getValue()));
        }
        return sb.toString();
    }

    /** "uptimeMs" reads "uptime" once its value is shown as a duration; "rssBytes" reads "rss". */
    private static String label(String key, JsonNode v) {
        if (v.isNumber() && key.endsWith("Ms")) {
            return key.substring(0, key.length() - 2);
        }
        if (v.isNumber() && key.endsWith("Bytes")) {
            return key.substring(0, key.length() - 5);
        }
        return key;
    }

    /**
     * agent.info's {"dir", "bytes", "unwritten", "error"}: "/var/lib/zpm/logs, 12.3M", then what
     * could not be written and why, when something could not.
     */
    static String logs(JsonNode v) {
        JsonNode dir = v.path("dir");
        if (!dir.isTextual()) {
            return "off (memory only)";
        }
        StringBuilder sb = new StringBuilder(dir.asText());
        if (v.path("bytes").isNumber()) {
            sb.append(", ").append(Units.bytes(v.path("bytes").asLong()));
        }
        long unwritten = v.path("unwritten").asLong(0);
        if (unwritten > 0) {
            sb.append(", ").append(unwritten).append(" unwritten");
        }
        if (v.path("error").isTextual()) {
            sb.append(" (").append(v.path("error").asText()).append(")");
        }
        return sb.toString();
    }

    private static String value(String key, JsonNode v) {
        if (v.isNull()) {
            return "-";
        }
        if (key.equals("logs") && v.isObject()) {
            return logs(v);
        }
        if (key.endsWith("Ms") && v.isNumber()) {
            return Units.duration(v.asLong());
        }
        if (key.endsWith("Bytes") && v.isNumber()) {
            return Units.bytes(v.asLong());
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            v.forEach(x -> sb.append(sb.length() > 0 ? ", " : "").append(x.asText()));
            return sb.length() == 0 ? "none" : sb.toString();
        }
        return v.isValueNode() ? v.asText() : JsonTree.write(v);
    }
}
