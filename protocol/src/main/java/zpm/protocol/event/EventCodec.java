package zpm.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns events into their wire JSON and back. Detail values are plain JSON values (maps, lists,
 * strings, numbers, booleans, null) or trees; see {@link JsonTree#of}.
 */
public final class EventCodec {

    private static final Set<String> COMMON = Set.of("seq", "ts", "type", "app", "worker");

    public ObjectNode toJson(LifecycleEvent e) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", e.seq());
        n.put("ts", e.ts().toString());
        n.put("type", e.type().wireName());
        if (e.app() != null) {
            n.put("app", e.app());
        }
        if (e.worker() != null) {
            ObjectNode w = n.putObject("worker");
            w.put("id", e.worker().id());
            w.put("slot", e.worker().slot());
            if (e.worker().pid() != null) {
                w.put("pid", e.worker().pid());
            } else {
                w.putNull("pid");
            }
        }
        e.details().forEach((k, v) -> n.set(k, JsonTree.of(v)));
        return n;
    }

    public String toJsonString(LifecycleEvent e) {
        return JsonTree.write(toJson(e));
    }

    /** Reads an event back; unknown types are an {@link IllegalArgumentException}. */
    public LifecycleEvent fromJson(JsonNode n) {
        EventType type = EventType.fromWire(n.path("type").asText());
        if (type == null) {
            throw new IllegalArgumentException("unknown event type: " + n.path("type").asText());
        }
        WorkerRef worker = null;
        JsonNode w = n.get("worker");
        if (w != null && w.isObject()) {
            JsonNode pid = w.get("pid");
            worker = new WorkerRef(w.path("id").asLong(), w.path("slot").asInt(),
                    pid == null || pid.isNull() ? null : pid.asLong());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!COMMON.contains(f.getKey())) {
                details.put(f.getKey(), JsonTree.toPlain(f.getValue()));
            }
        }
        JsonNode app = n.get("app");
        return new LifecycleEvent(n.path("seq").asLong(), Instant.parse(n.path("ts").asText()), type,
                app == null || app.isNull() ? null : app.asText(), worker, details);
    }
}
