package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Notification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's live subscriptions (kept across reconnects) and the routes from the agent's
 * subscription ids on the current connection to them.
 */
final class Subscriptions {

    static final String SUBSCRIBE = "events.subscribe";
    static final String UNSUBSCRIBE = "events.unsubscribe";
    static final String EVENT = "event";
    static final String DROPPED = "events.dropped";

    private final Set<Subscription> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Subscription> routes = new ConcurrentHashMap<>();

    void add(Subscription s) {
        live.add(s);
    }

    /** Forgets {@code s}: no more deliveries, and no re-subscribe on reconnect. */
    void remove(Subscription s) {
        live.remove(s);
        String sid = s.id();
        if (sid != null) {
            routes.remove(sid, s);
        }
    }

    List<Subscription> live() {
        return List.copyOf(live);
    }

    /** The connection is gone, and with it the agent's ids. */
    void clearRoutes() {
        routes.clear();
    }

    void clear() {
        live.clear();
        routes.clear();
    }

    static ObjectNode subscribeParams(Subscription s) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (!s.types().isEmpty()) {
            s.types().forEach(params.putArray("types")::add);
        }
        if (s.app() != null) {
            params.put("app", s.app());
        }
        return params;
    }

    /** Binds {@code s} to the id in an {@code events.subscribe} result. */
    void bind(Subscription s, JsonNode result) {
        JsonNode sid = result == null ? null : result.get("subscription");
        if (sid == null || !sid.isTextual()) {
            throw new ZpmClientException(ZpmClientException.Kind.PROTOCOL,
                    "events.subscribe answered without a \"subscription\" id: " + JsonTree.write(result));
        }
        s.bind(sid.asText());
        if (live.contains(s)) {
            routes.put(sid.asText(), s);
        }
    }

    /**
     * Delivers an {@code event} or {@code events.dropped} notification to its subscription.
     *
     * @return false when {@code n} is some other notification, for the general listeners
     */
    boolean deliver(Notification n) {
        JsonNode params = n.params();
        JsonNode sid = params == null ? null : params.get("subscription");
        boolean event = EVENT.equals(n.method());
        if (sid == null || !(event || DROPPED.equals(n.method()))) {
            return false;
        }
        Subscription s = routes.get(sid.asText());
        if (s == null) {
            // an event of a closed subscription (or of a connection that is gone): nobody wants it;
            // a drop count not routed here may be a followed log's (logs with follow): the listeners'
            return event;
        }
        if (event) {
            s.deliver(params.get("event"));
        } else {
            s.dropped(params.path("dropped").asLong());
        }
        return true;
    }
}
