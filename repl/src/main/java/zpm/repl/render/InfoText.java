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

    private static String value(String key, JsonNode v) {
        if (v.isNull()) {
            return "-";
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
