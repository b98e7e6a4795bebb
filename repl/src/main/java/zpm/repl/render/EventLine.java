package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * One lifecycle event on one line, e.g.
 * {@code 10:00:01.120 exit     web  worker 7 slot 2 pid 4242  code=1 expected=false uptime=3.2s}.
 */
public final class EventLine {

    private static final Set<String> COMMON = Set.of("seq", "ts", "type", "app", "worker");
    private static final int TYPE_WIDTH = 10;

    private EventLine() {
    }

    public static String render(JsonNode e, ZoneId zone, boolean color) {
        String type = e.path("type").asText("?");
        StringBuilder sb = new StringBuilder();
        sb.append(Style.DIM.apply(clock(e.path("ts").asText(""), zone), color)).append(' ');
        sb.append(style(type, e).apply(type, color)).append(" ".repeat(Math.max(1, TYPE_WIDTH - type.length())));
        JsonNode app = e.get("app");
        if (app != null && !app.isNull()) {
            sb.append(app.asText());
        }
        JsonNode w = e.get("worker");
        if (w != null && w.isObject()) {
            sb.append(" worker ").append(w.path("id").asText()).append(" slot ").append(w.path("slot").asText());
            if (!w.path("pid").isNull() && !w.path("pid").isMissingNode()) {
                sb.append(" pid ").append(w.path("pid").asText());
            }
        }
        String details = details(e);
        if (!details.isEmpty()) {
            sb.append("  ").append(details);
        }
        return sb.toString();
    }

    /** The type-specific fields as key=value, nulls left out, "...Ms" fields as durations. */
    static String details(JsonNode e) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> f : e.properties()) {
            JsonNode v = f.getValue();
            if (COMMON.contains(f.getKey()) || v.isNull()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(label(f.getKey())).append('=').append(value(f.getKey(), v));
        }
        return sb.toString();
    }

    private static String label(String key) {
        return key.endsWith("Ms") && key.length() > 2 ? key.substring(0, key.length() - 2) : key;
    }

    private static String value(String key, JsonNode v) {
        if (key.endsWith("Ms") && v.isNumber()) {
            return Units.duration(v.asLong());
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            v.forEach(x -> sb.append(sb.length() > 1 ? " " : "").append(x.asText()));
            return sb.append(']').toString();
        }
        return v.isValueNode() ? v.asText() : JsonTree.write(v);
    }

    private static Style style(String type, JsonNode e) {
        switch (type) {
            case "online":
            case "listening":
                return Style.GREEN;
            case "fork":
                return Style.CYAN;
            case "exit":
                return e.path("expected").asBoolean(false) ? Style.PLAIN : Style.RED;
            case "backoff":
                return Style.MAGENTA;
            case "fatal":
                return Style.BOLD_RED;
            case "danger":
                return Style.RED;
            case "probe":
            case "disconnect":
                return Style.YELLOW;
            default:
                return Style.BLUE;
        }
    }

    /** "10:00:01.120" in the given zone; the raw text when it is not an ISO instant. */
    static String clock(String ts, ZoneId zone) {
        try {
            LocalTime t = LocalTime.ofInstant(Instant.parse(ts), zone);
            return pad(t.getHour(), 2) + ":" + pad(t.getMinute(), 2) + ":" + pad(t.getSecond(), 2) + "."
                    + pad(t.getNano() / 1_000_000, 3);
        } catch (DateTimeParseException e) {
            return ts;
        }
    }

    private static String pad(int v, int width) {
        String s = String.valueOf(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
