package zpm.agent.core;

import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only place the core builds events: one typed method per event type, each publishing at
 * once with the next gapless {@code seq} and the clock's time. The detail keys, their order and
 * their null handling are the wire format of docs/protocol.md: a null value stays (it says
 * "none" on the wire) except where a method says a key is left out. Core thread only.
 */
final class Events {

    private final Clock clock;
    private final EventSink sink;
    private long seq;

    Events(Clock clock, EventSink sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /** A worker process was spawned (its pid is known). */
    void fork(Worker w, List<String> command) {
        worker(EventType.FORK, w, details("command", command));
    }

    /** The worker passed its readiness check. */
    void online(Worker w, long afterMs) {
        worker(EventType.ONLINE, w, details("afterMs", afterMs));
    }

    /** The worker's own process tree listens on its app's port. */
    void listening(Worker w, int port) {
        worker(EventType.LISTENING, w, details("port", port));
    }

    /** The worker was asked to leave, or its control channel closed. */
    void disconnect(Worker w, String reason) {
        worker(EventType.DISCONNECT, w, details("reason", reason));
    }

    /** The process ended; {@code code} or {@code signal} is null. */
    void exit(Worker w, Integer code, String signal, boolean expected, long uptimeMs) {
        worker(EventType.EXIT, w, details("code", code, "signal", signal, "expected", expected, "uptimeMs", uptimeMs));
    }

    /** The worker waits {@code delayMs} before its next fork. */
    void backoff(Worker w, long delayMs, String reason) {
        worker(EventType.BACKOFF, w, details("delayMs", delayMs, "reason", reason));
    }

    /** The worker was given up on until an operator acts. */
    void fatal(Worker w, String reason) {
        worker(EventType.FATAL, w, details("reason", reason));
    }

    /** A liveness, readiness or watchdog check of the worker failed. */
    void probe(Worker w, String kind, String error) {
        worker(EventType.PROBE, w, details("kind", kind, "error", error));
    }

    /** The worker sent {@code data} on its control channel. */
    void message(Worker w, Object data) {
        worker(EventType.MESSAGE, w, details("data", data));
    }

    /** The whole app was given up on until an operator's restart or resize. */
    void fatal(App a, String reason) {
        publish(EventType.FATAL, a.name(), null, details("reason", reason));
    }

    /** The app entered ({@code active}) or left the danger state. */
    void danger(App a, boolean active, String reason) {
        publish(EventType.DANGER, a.name(), null, details("active", active, "reason", reason));
    }

    /** An app's target size changed ({@code done} false), or was reached ({@code done} true). */
    void resize(App a, int from, int to, boolean done) {
        publish(EventType.RESIZE, a.name(), null, details("from", from, "to", to, "done", done));
    }

    /** An app was added ({@code start}, with its size) or deleted ({@code delete}: size null, left out). */
    void app(App a, String action, Integer size) {
        Map<String, Object> d = details("action", action);
        if (size != null) {
            d.put("size", size);
        }
        publish(EventType.APP, a.name(), null, d);
    }

    /**
     * A rolling restart was queued, began, finished or failed. {@code app} is set when it covers
     * one app, so subscribers that filter by app see it; {@code apps} always lists them.
     * {@code started} (done, failed) and {@code reason} (failed) are left out when null.
     */
    void restart(String phase, List<Long> ids, List<Long> started, String reason, List<String> apps) {
        Map<String, Object> d = details("phase", phase, "ids", ids);
        if (started != null) {
            d.put("started", started);
        }
        if (reason != null) {
            d.put("reason", reason);
        }
        d.put("apps", apps);
        publish(EventType.RESTART, apps.size() == 1 ? apps.get(0) : null, null, d);
    }

    private void worker(EventType type, Worker w, Map<String, Object> details) {
        publish(type, w.app.name(), w.ref(), details);
    }

    private void publish(EventType type, String app, WorkerRef worker, Map<String, Object> details) {
        sink.publish(new LifecycleEvent(++seq, clock.now(), type, app, worker, details));
    }

    /** An ordered map of key/value pairs; null values are kept. */
    private static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
