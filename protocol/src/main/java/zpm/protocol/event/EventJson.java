package zpm.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent.AppAction;
import zpm.protocol.event.LifecycleEvent.Restart;
import zpm.protocol.jsonrpc.JsonTree;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wire form of events, on Jackson trees only (no {@code ObjectMapper}): the common fields,
 * then each record's own ({@link LifecycleEvent#writeFields}); and back, by type.
 */
final class EventJson {

    private EventJson() {
    }

    static ObjectNode write(LifecycleEvent e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", e.seq());
        n.put("ts", e.ts().toString());
        if (e.node() != null) {
            n.put("node", e.node());
        }
        n.put("type", e.type().wireName());
        if (e.app() != null) {
            n.put("app", e.app());
        }
        WorkerRef w = e.worker();
        if (w != null) {
            ObjectNode wn = n.putObject("worker");
            wn.put("id", w.id());
            wn.put("slot", w.slot());
            wn.put("pid", w.pid());
        }
        e.writeFields(n);
        return n;
    }

    static LifecycleEvent read(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("an event is a JSON object");
        }
        String typeName = n.path("type").asText();
        EventType type = EventType.fromWire(typeName);
        if (type == null) {
            throw new IllegalArgumentException("unknown event type: " + typeName);
        }
        EventHeader h = new EventHeader(number(n, "seq"), instant(n), text(n, "node"), text(n, "app"),
                worker(n.get("worker")));
        return switch (type) {
            case FORK -> new LifecycleEvent.Fork(h, strings(n, "command"));
            case ONLINE -> new LifecycleEvent.Online(h, number(n, "afterMs"));
            case LISTENING -> new LifecycleEvent.Listening(h, (int) number(n, "port"));
            case DISCONNECT -> new LifecycleEvent.Disconnect(h, text(n, "reason"));
            case EXIT -> new LifecycleEvent.Exit(h, n.path("code").isIntegralNumber() ? n.get("code").intValue() : null,
                    text(n, "signal"), n.path("expected").asBoolean(), number(n, "uptimeMs"), text(n, "reason"));
            case RESIZE -> new LifecycleEvent.Resize(h, (int) number(n, "from"), (int) number(n, "to"),
                    n.path("done").asBoolean());
            case RESTART -> new Restart(h, Restart.Phase.valueOf(upper(n, "phase")), longs(n, "ids"),
                    n.has("started") ? longs(n, "started") : null, text(n, "reason"), strings(n, "apps"));
            case BACKOFF -> new LifecycleEvent.Backoff(h, number(n, "delayMs"), text(n, "reason"));
            case FATAL -> new LifecycleEvent.Fatal(h, text(n, "reason"));
            case DANGER -> new LifecycleEvent.Danger(h, n.path("active").asBoolean(), text(n, "reason"));
            case PROBE -> new LifecycleEvent.Probe(h, text(n, "kind"), text(n, "error"));
            case APP -> new AppAction(h, AppAction.Action.valueOf(upper(n, "action")),
                    n.path("size").isIntegralNumber() ? n.get("size").intValue() : null);
            case MESSAGE -> new LifecycleEvent.Message(h, n.has("data") ? n.get("data") : JsonNodeFactory.instance.nullNode());
            case LOGS_UNWRITABLE -> new LifecycleEvent.LogsUnwritable(h, text(n, "path"), text(n, "error"),
                    number(n, "unwritten"));
            case LOGS_RESUMED -> new LifecycleEvent.LogsResumed(h, text(n, "path"), number(n, "unwritten"));
            case NODE_JOINED -> new LifecycleEvent.NodeJoined(h, text(n, "peer"), text(n, "address"));
            case NODE_LEFT -> new LifecycleEvent.NodeLeft(h, text(n, "peer"), text(n, "address"), text(n, "reason"));
        };
    }

    /** "#42 exit app=web worker=7 slot=2 pid=4242 code=1 signal=null ...": for logs and embedders. */
    static String line(LifecycleEvent e) {
        StringBuilder sb = new StringBuilder().append('#').append(e.seq()).append(' ').append(e.type().wireName());
        if (e.app() != null) {
            sb.append(" app=").append(e.app());
        }
        WorkerRef w = e.worker();
        if (w != null) {
            sb.append(" worker=").append(w.id()).append(" slot=").append(w.slot());
            if (w.pid() != null) {
                sb.append(" pid=").append(w.pid());
            }
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        e.writeFields(fields);
        for (Map.Entry<String, JsonNode> f : fields.properties()) {
            JsonNode v = f.getValue();
            sb.append(' ').append(f.getKey()).append('=').append(v.isValueNode() ? v.asText() : JsonTree.write(v));
        }
        return sb.toString();
    }

    static void strings(ArrayNode out, List<String> values) {
        values.forEach(out::add);
    }

    static void longs(ArrayNode out, List<Long> values) {
        values.forEach(out::add);
    }

    private static WorkerRef worker(JsonNode w) {
        if (w == null || !w.isObject()) {
            return null;
        }
        JsonNode pid = w.get("pid");
        return new WorkerRef(number(w, "id"), (int) number(w, "slot"),
                pid == null || pid.isNull() ? null : pid.asLong());
    }

    private static Instant instant(JsonNode n) {
        try {
            return Instant.parse(n.path("ts").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("event field \"ts\" is not an ISO 8601 instant: " + n.path("ts").asText());
        }
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("event field \"" + field + "\" is not a number");
        }
        return v.asLong();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String upper(JsonNode n, String field) {
        return n.path(field).asText().toUpperCase(Locale.ROOT);
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<Long> longs(JsonNode n, String field) {
        List<Long> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asLong()));
        return out;
    }
}
