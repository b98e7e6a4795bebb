package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Notification;

import java.util.ArrayList;
import java.util.List;

/**
 * One SSE stream at {@code GET /events}: each event as {@code id: <seq>}, {@code event: <type>},
 * {@code data: <event json>}; lost events as {@code event: events.dropped} with
 * {@code data: {"subscription", "dropped": n}}; a comment heartbeat every 15 s. A resuming client
 * first gets the kept events after its {@code Last-Event-ID} (with an {@code events.dropped}
 * for those older than the history), then live ones; an event is never sent twice.
 */
final class SseStream implements Outbound {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private long lastSentSeq = Long.MIN_VALUE;

    SseStream(Vertx vertx, HttpServerResponse response) {
        this.vertx = vertx;
        this.response = response;
    }

    /**
     * Subscribes, then sends the headers and an opening comment (so a client that has read it
     * misses no event published after), replays from the history when asked, and starts the
     * heartbeat.
     */
    void start(Session session, EventMethods events, EventHistory history, EventFilter filter, Long lastEventId,
               long heartbeatMs, Runnable whenClosed) {
        long heartbeat = vertx.setPeriodic(heartbeatMs, id -> {
            if (!response.writeQueueFull()) {
                response.write(": heartbeat\n\n");
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(heartbeat);
            session.closed();
            whenClosed.run();
        });
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        events.subscribe(session, filter).onSuccess(sub -> {
            response.write(": zpm events\n\n");
            if (lastEventId != null) {
                sub.backlog(backlog(sub.id(), history.since(lastEventId), filter).iterator());
            }
            sub.activate();
            session.pump();
        });
    }

    private static List<Notification> backlog(String subscription, EventHistory.Slice slice, EventFilter filter) {
        List<Notification> out = new ArrayList<>();
        if (slice.lost() > 0) {
            ObjectNode p = JsonNodeFactory.instance.objectNode();
            p.put("subscription", subscription);
            p.put("dropped", slice.lost());
            out.add(new Notification(PushQueue.DROPPED, p));
        }
        for (LifecycleEvent e : slice.events()) {
            if (filter.matches(e)) {
                out.add(EventMethods.notification(subscription, e));
            }
        }
        return out;
    }

    @Override
    public void push(Notification n) {
        if (!EventMethods.EVENT.equals(n.method())) {
            response.write("event: " + n.method() + "\ndata: " + JsonTree.write(n.params()) + "\n\n");
            return;
        }
        JsonNode event = n.params().get("event");
        long seq = event.path("seq").asLong();
        if (seq <= lastSentSeq) {
            return;
        }
        lastSentSeq = seq;
        response.write("id: " + seq + "\nevent: " + event.path("type").asText() + "\ndata: " + JsonTree.write(event)
                + "\n\n");
    }

    @Override
    public void write(String jsonText) {
        // SSE carries no answers.
    }

    @Override
    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable handler) {
        response.drainHandler(v -> handler.run());
    }

    @Override
    public void pauseInput() {
        // nothing is read from an SSE client
    }

    @Override
    public void resumeInput() {
        // nothing is read from an SSE client
    }

    @Override
    public void close() {
        response.end();
    }
}
