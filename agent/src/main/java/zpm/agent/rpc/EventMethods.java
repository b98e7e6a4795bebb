package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import zpm.agent.bus.BusJson;
import zpm.protocol.api.StreamCalls.SubscribeParams;
import zpm.protocol.api.StreamCalls.Subscribed;
import zpm.protocol.api.StreamCalls.UnsubscribeParams;
import zpm.protocol.api.StreamCalls.Unsubscribed;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.RpcException;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code events.subscribe} {types?, app?} → {"subscription": "s1"}, then {@code event}
 * notifications {"subscription": "s1", "event": {...}}; {@code events.unsubscribe}
 * {subscription} → {"unsubscribed": true} (for log subscriptions too). Each subscription is an
 * event-bus consumer on the session's context feeding the subscription's bounded queue.
 */
final class EventMethods {

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

    Future<Subscribed> subscribe(Session session, SubscribeParams params) {
        EventFilter filter = EventFilter.of(params.types(), params.app());
        requirePush(session, "events.subscribe");
        return subscribe(session, filter).map(sub -> new Subscribed(sub.id()));
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
                sub.offer(notification(sub.id(), shared(e)));
                session.pump();
            }
        });
        sub.onCancel(consumer::unregister);
        return consumer.completion().map(sub);
    }

    Unsubscribed unsubscribe(Session session, UnsubscribeParams params) {
        String id = params.subscription();
        if (!session.unsubscribe(id)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "no subscription \"" + id + "\" on this connection");
        }
        return new Unsubscribed();
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
        return notification(subscription, toJackson(event));
    }

    private static Notification notification(String subscription, JsonNode event) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("subscription", subscription);
        p.set("event", event);
        return new Notification(EVENT, p);
    }

    /** The last event converted, shared read-only by every subscriber it fans out to. */
    private record Converted(long seq, JsonNode node) {
    }

    /** Per agent (seq numbers are per agent): the last event converted. */
    private final AtomicReference<Converted> last = new AtomicReference<>(new Converted(-1, null));

    /**
     * Converts an event once for all its subscribers (100 subscribers used to mean 100 encodes
     * and parses of the same event on the event loop). Keyed by the gapless seq; nodes are never
     * changed after conversion, so sharing them across threads is safe.
     */
    private JsonNode shared(JsonObject event) {
        Long seq = event.getLong("seq");
        Converted seen = last.get();
        if (seq != null && seen.seq() == seq) {
            return seen.node();
        }
        JsonNode node = toJackson(event);
        if (seq != null) {
            last.set(new Converted(seq, node));
        }
        return node;
    }

    static JsonNode toJackson(JsonObject json) {
        return BusJson.toTree(json);
    }
}
