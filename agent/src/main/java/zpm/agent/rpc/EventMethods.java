package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import zpm.protocol.api.StreamCalls.SubscribeParams;
import zpm.protocol.api.StreamCalls.Subscribed;
import zpm.protocol.api.StreamCalls.UnsubscribeParams;
import zpm.protocol.api.StreamCalls.Unsubscribed;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;
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
        return subscribe(session, filter, true).map(sub -> new Subscribed(sub.id()));
    }

    /**
     * Subscribes the session to this node's own events the filter lets through (SSE: its ids are
     * this node's seq, for Last-Event-ID); completes once the consumer is registered. The
     * subscription is held (queues, sends nothing) until activated.
     */
    Future<PushQueue> subscribe(Session session, EventFilter filter) {
        return subscribe(session, filter, false);
    }

    /** As above; {@code others}: the other nodes' events too (events.subscribe on a clustered agent). */
    private Future<PushQueue> subscribe(Session session, EventFilter filter, boolean others) {
        PushQueue sub = session.subscribe(limits.subscriberQueue(), stats);
        String address = filter.app() == null ? EventAddresses.ALL : EventAddresses.forApp(filter.app());
        // the other nodes' events, fed by a clustered agent's fleet link (nothing comes when alone)
        String fleet = filter.app() == null ? EventAddresses.FLEET : EventAddresses.fleetForApp(filter.app());
        MessageConsumer<LifecycleEvent> consumer = vertx.eventBus().consumer(address, m -> deliver(session, sub,
                filter, m.body()));
        if (!others) {
            sub.onCancel(consumer::unregister);
            return consumer.completion().map(sub);
        }
        MessageConsumer<LifecycleEvent> remote = vertx.eventBus().consumer(fleet, m -> deliver(session, sub, filter,
                m.body()));
        sub.onCancel(() -> {
            consumer.unregister();
            remote.unregister();
        });
        return Future.join(consumer.completion(), remote.completion()).map(sub);
    }

    private void deliver(Session session, PushQueue sub, EventFilter filter, LifecycleEvent e) {
        if (filter.matches(e)) {
            sub.offer(notification(sub.id(), shared(e)));
            session.pump();
        }
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

    static Notification notification(String subscription, LifecycleEvent event) {
        return notification(subscription, event.toJson());
    }

    private static Notification notification(String subscription, JsonNode event) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("subscription", subscription);
        p.set("event", event);
        return new Notification(EVENT, p);
    }

    /** The last event written, shared read-only by every subscriber it fans out to. */
    private record Written(LifecycleEvent event, JsonNode node) {
    }

    /** The last event written, with its JSON. */
    private final AtomicReference<Written> last = new AtomicReference<>(new Written(null, null));

    /**
     * The event's JSON, written once for all its subscribers (100 subscribers used to mean 100
     * encodes of the same event on the event loop). Every local consumer gets the same record
     * from the bus, so the record itself is the key; trees are never changed after they are
     * written, so sharing them across threads is safe.
     */
    private JsonNode shared(LifecycleEvent event) {
        Written seen = last.get();
        if (seen.event() == event) {
            return seen.node();
        }
        JsonNode node = event.toJson();
        last.set(new Written(event, node));
        return node;
    }
}
