package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.protocol.jsonrpc.JsonTree;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One lifecycle event on one line, e.g.
 * {@code 10:00:01.120 exit     web  worker 7 slot 2 pid 4242  code=1 expected=false uptime=3.2s}.
 */
public final class EventLine {

    private static final int TYPE_WIDTH = 10;

    private EventLine() {
    }

    public static String render(LifecycleEvent e, ZoneId zone, boolean color) {
        return render(e, zone, color, false);
    }

    /**
     * As above; in a fleet ({@code fleet}) the event's node names its app and worker as targets
     * do: {@code exit      b/web worker b/7 slot 2}, and an agent-wide event starts with the node.
     */
    public static String render(LifecycleEvent e, ZoneId zone, boolean color, boolean fleet) {
        String node = fleet && e.node() != null ? e.node() : null;
        String type = e.type().wireName();
        StringBuilder sb = new StringBuilder();
        sb.append(Style.DIM.apply(clock(e.ts(), zone), color)).append(' ');
        sb.append(style(e).apply(type, color)).append(" ".repeat(Math.max(1, TYPE_WIDTH - type.length())));
        if (node != null) {
            sb.append(node).append(e.app() != null ? "/" : "");
        }
        if (e.app() != null) {
            sb.append(e.app());
        }
        WorkerRef w = e.worker();
        if (w != null) {
            sb.append(" worker ").append(node != null ? node + "/" : "").append(w.id()).append(" slot ").append(w.slot());
            if (w.pid() != null) {
                sb.append(" pid ").append(w.pid());
            }
        }
        String details = details(e);
        if (!details.isEmpty()) {
            sb.append("  ").append(details);
        }
        return sb.toString();
    }

    /** The type's own fields as key=value in wire order, nulls left out, "...Ms" fields as durations. */
    static String details(LifecycleEvent e) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        e.writeFields(fields);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            JsonNode v = f.getValue();
            if (v.isNull()) {
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

    private static Style style(LifecycleEvent e) {
        switch (e.type()) {
            case ONLINE:
            case LISTENING:
                return Style.GREEN;
            case FORK:
                return Style.CYAN;
            case EXIT:
                return ((LifecycleEvent.Exit) e).expected() ? Style.PLAIN : Style.RED;
            case BACKOFF:
                return Style.MAGENTA;
            case FATAL:
                return Style.BOLD_RED;
            case DANGER:
                return Style.RED;
            case PROBE:
            case DISCONNECT:
                return Style.YELLOW;
            default:
                return Style.BLUE;
        }
    }

    /** "10:00:01.120" in the given zone; the raw text when it is not an ISO instant. */
    static String clock(String ts, ZoneId zone) {
        try {
            return clock(Instant.parse(ts), zone);
        } catch (DateTimeParseException e) {
            return ts;
        }
    }

    static String clock(Instant ts, ZoneId zone) {
        LocalTime t = LocalTime.ofInstant(ts, zone);
        return pad(t.getHour(), 2) + ":" + pad(t.getMinute(), 2) + ":" + pad(t.getSecond(), 2) + "."
                + pad(t.getNano() / 1_000_000, 3);
    }

    private static String pad(int v, int width) {
        String s = String.valueOf(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
