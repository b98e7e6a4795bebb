package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.util.Iterator;
import java.util.Map;

/**
 * One app of {@code apps.list} in full ({@code apps APP}): its state line, then every key of its
 * spec, one a line in the config file's names, nested objects and lists as compact JSON.
 */
public final class AppSpecText {

    private AppSpecText() {
    }

    public static String render(JsonNode app, boolean color) {
        StringBuilder sb = new StringBuilder(AppsTable.line(app, color));
        JsonNode spec = app.path("spec");
        int width = 0;
        for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = spec.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            sb.append("\n  ").append(Style.DIM.apply(pad(f.getKey() + ":", width + 1), color)).append(' ')
                    .append(value(f.getKey(), f.getValue()));
        }
        return sb.toString();
    }

    private static String value(String key, JsonNode v) {
        if (key.equals("command") && v.isArray()) {
            return AppsTable.command(v);
        }
        return v.isValueNode() && !v.isNull() ? v.asText() : JsonTree.write(v);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
