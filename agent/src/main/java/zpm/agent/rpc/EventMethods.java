package zpm.agent.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.Params;
import zpm.protocol.jsonrpc.RpcException;

import java.io.UncheckedIOException;
import java.util.Set;

/**
 * {@code events.subscribe} {types?, app?} → {"subscription": "s1"}, then {@code event}
 * notifications {"subscription": "s1", "event": {...}}; {@code events.unsubscribe}
 * {subscription} → {"unsubscribed": true} (for log subscriptions too). Each subscription is an
 * event-bus consumer on the session's context feeding the subscription's bounded queue.
 */
final class EventMethods {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Subscriptions (events and logs) one connection may hold. */
    static final int MAX_SUBSCRIPTIONS = 64;
    static final String EVENT = "event";

    private final Vertx vertx;
    private final RpcLimits limits;
    private final PushStats stats;

    EventMethods(Vertx vertx, RpcLimits limits, PushStats stats) {
        this.vertx = vertx;
        this.limits = limits;
        this.stats = stats;
    }

    Future<JsonNode> subscribe(Session session, JsonNode params) {
        Params p = Params.of(params, Set.of("types", "app"));
        EventFilter filter = EventFilter.of(p.strings("types"), p.string("app", null));
        requirePush(session, "events.subscribe");
        return subscribe(session, filter).map(sub -> {
            ObjectNode r = MAPPER.createObjectNode();
            r.put("subscription", sub.id());
            return r;
        });
    }

    /**
     * Subscribes the session to the events the filter lets through; completes once the consumer
     * is registered. The subscription is held (queues, sends nothing) until activated.
     */
    Future<Subscription> subscribe(Session session, EventFilter filter) {
        Subscription sub = session.subscribe(limits.subscriberQueue(), stats);
        String address = filter.app() == null ? EventAddresses.ALL : EventAddresses.forApp(filter.app());
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, m -> {
            JsonObject e = m.body();
            if (filter.matches(e)) {
                sub.offer(notification(sub.id(), e));
                session.pump();
            }
        });
        sub.onCancel(consumer::unregister);
        return consumer.completion().map(sub);
    }

    JsonNode unsubscribe(Session session, JsonNode params) {
        String id = Params.of(params, Set.of("subscription")).string("subscription");
        if (!session.unsubscribe(id)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "no subscription \"" + id + "\" on this connection");
        }
        ObjectNode r = MAPPER.createObjectNode();
        r.put("unsubscribed", true);
        return r;
    }

    /** Refuses a subscription where nothing can be pushed, or one too many. */
    static void requirePush(Session session, String method) {
        if (!session.canPush()) {
            throw new RpcException(ErrorCode.INVALID_REQUEST, method + " needs a connection that stays open:"
                    + " use TCP, the WebSocket at /rpc, or GET /events (SSE)");
        }
        if (session.subscriptionCount() >= MAX_SUBSCRIPTIONS) {
            throw new RpcException(ErrorCode.LIMIT_EXCEEDED, "this connection already has "
                    + MAX_SUBSCRIPTIONS + " subscriptions (the limit); end some with events.unsubscribe");
        }
    }

    static Notification notification(String subscription, JsonObject event) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("subscription", subscription);
        p.set("event", toJackson(event));
        return new Notification(EVENT, p);
    }

    static JsonNode toJackson(JsonObject json) {
        try {
            return MAPPER.readTree(json.encode());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
