package zpm.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One lifecycle event. {@code seq} increases by one for every event of an agent, so a
 * subscriber can see a gap. On the wire the details are flattened beside the common fields:
 * {@code {"seq":42,"ts":"...","type":"exit","app":"web","worker":{...},"code":1,...}}.
 *
 * @param seq     gapless per agent, from 1
 * @param ts      when it happened
 * @param type    what happened
 * @param app     the app, or null for agent-wide events
 * @param worker  the worker, or null for app-wide events
 * @param details type-specific fields, in a stable order
 */
public record LifecycleEvent(long seq, Instant ts, EventType type, String app, WorkerRef worker,
                             Map<String, Object> details) {

    public LifecycleEvent {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A detail by name, or null. */
    public Object detail(String key) {
        return details.get(key);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append('#').append(seq).append(' ').append(type.wireName());
        if (app != null) {
            sb.append(" app=").append(app);
        }
        if (worker != null) {
            sb.append(" worker=").append(worker.id()).append(" slot=").append(worker.slot());
            if (worker.pid() != null) {
                sb.append(" pid=").append(worker.pid());
            }
        }
        details.forEach((k, v) -> sb.append(' ').append(k).append('=')
                .append(v instanceof JsonNode n ? JsonTree.write(n) : v)); // a tree's toString builds an ObjectMapper
        return sb.toString();
    }
}
