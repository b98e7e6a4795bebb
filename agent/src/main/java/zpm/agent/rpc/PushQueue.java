package zpm.agent.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.Notification;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One subscription of a session (events or followed log lines): a bounded queue of notifications
 * waiting for the socket. When the queue is full, new notifications are dropped and counted;
 * an {@code events.dropped} notification {@code {"subscription", "dropped": n}} then takes the
 * place of the lost ones in the stream, so the subscriber sees where the gap is. Used on the
 * session's context only.
 */
final class PushQueue {

    static final String DROPPED = "events.dropped";

    private final String id;
    private final int capacity;
    private final PushStats stats;
    private final ArrayDeque<Notification> queue = new ArrayDeque<>();
    private Iterator<Notification> backlog;
    private long dropped;
    private boolean active;
    private boolean cancelled;
    private Runnable onCancel = () -> { };
    /** Runs when a poll leaves the queue half empty: a producer with more waiting refills it. */
    private Runnable onRoom;

    PushQueue(String id, int capacity, PushStats stats) {
        this.id = id;
        this.capacity = capacity;
        this.stats = stats;
    }

    String id() {
        return id;
    }

    /** Runs when the subscription ends (unregisters its event-bus consumer or log listener). */
    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /** Runs {@code action} (on the session's context) each time a poll brings the queue down to half its capacity. */
    void onRoom(Runnable action) {
        this.onRoom = action;
    }

    /** How many offers would be queued after {@code moreDropped} more are counted (a gap notice takes a place). */
    int room(long moreDropped) {
        return Math.max(0, capacity - queue.size() - (dropped + moreDropped > 0 ? 1 : 0));
    }

    /** Notifications sent before anything queued (an SSE resume from the history). */
    void backlog(Iterator<Notification> items) {
        this.backlog = items;
    }

    /** Queues a notification, or drops and counts it when the queue is full. */
    void offer(Notification n) {
        if (cancelled) {
            return;
        }
        if (queue.size() >= capacity) {
            dropped(1);
            return;
        }
        if (dropped > 0) {
            queue.addLast(droppedNotice());
        }
        queue.addLast(n);
        stats.queued(queue.size());
    }

    /** Counts notifications lost before they reached the queue. */
    void dropped(long n) {
        dropped += n;
        stats.dropped(n);
    }

    /** The next notification to write, or null. */
    Notification poll() {
        if (!active) {
            return null;
        }
        if (backlog != null && backlog.hasNext()) {
            return backlog.next();
        }
        Notification n = queue.pollFirst();
        if (n == null && dropped > 0) {
            return droppedNotice();
        }
        if (n != null && onRoom != null && queue.size() == capacity / 2) {
            onRoom.run(); // offers more behind n; the pump that called poll writes them next
        }
        return n;
    }

    /** Held subscriptions queue but send nothing until the answer that created them is written. */
    void activate() {
        active = true;
    }

    int queued() {
        return queue.size();
    }

    void cancel() {
        cancelled = true;
        queue.clear();
        backlog = null;
        active = false;
        onCancel.run();
    }

    private Notification droppedNotice() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("subscription", id);
        p.put("dropped", dropped);
        dropped = 0;
        return new Notification(DROPPED, p);
    }
}
