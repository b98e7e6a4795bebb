package zpm.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.LifecycleEvent.Restart;

import java.util.List;

/**
 * The only place the core builds events: one method per event type, each publishing the
 * type's record at once with the next gapless {@code seq}, the clock's time and this node's name.
 * Core thread only.
 */
final class Events {

    private final Clock clock;
    private final EventSink sink;
    /** The agent's node name, in every event (null: events without one, as in core tests). */
    private final String node;
    private long seq;

    Events(Clock clock, EventSink sink, String node) {
        this.clock = clock;
        this.sink = sink;
        this.node = node;
    }

    /** A worker process was spawned (its pid is known). */
    void fork(Worker w, List<String> command) {
        sink.publish(new LifecycleEvent.Fork(header(w), command));
    }

    /** The worker passed its readiness check. */
    void online(Worker w, long afterMs) {
        sink.publish(new LifecycleEvent.Online(header(w), afterMs));
    }

    /** The worker's own process tree listens on its app's port. */
    void listening(Worker w, int port) {
        sink.publish(new LifecycleEvent.Listening(header(w), port));
    }

    /** The worker was asked to leave, or its control channel closed. */
    void disconnect(Worker w, String reason) {
        sink.publish(new LifecycleEvent.Disconnect(header(w), reason));
    }

    /** The process ended; {@code code} or {@code signal} is null; {@code reason} e.g. "oom", or null. */
    void exit(Worker w, ExitStatus status, boolean expected, long uptimeMs) {
        sink.publish(new LifecycleEvent.Exit(header(w), status.code(), status.signal(), expected, uptimeMs,
                status.reason()));
    }

    /** The worker waits {@code delayMs} before its next fork. */
    void backoff(Worker w, long delayMs, String reason) {
        sink.publish(new LifecycleEvent.Backoff(header(w), delayMs, reason));
    }

    /** The worker was given up on until an operator acts. */
    void fatal(Worker w, String reason) {
        sink.publish(new LifecycleEvent.Fatal(header(w), reason));
    }

    /** A liveness, readiness or watchdog check of the worker failed. */
    void probe(Worker w, String kind, String error) {
        sink.publish(new LifecycleEvent.Probe(header(w), kind, error));
    }

    /** The worker sent {@code data} (a JSON value) on its control channel. */
    void message(Worker w, JsonNode data) {
        sink.publish(new LifecycleEvent.Message(header(w), data));
    }

    /** The whole app was given up on until an operator's restart or resize. */
    void fatal(App a, String reason) {
        sink.publish(new LifecycleEvent.Fatal(header(a.name()), reason));
    }

    /** The app entered ({@code active}) or left the danger state. */
    void danger(App a, boolean active, String reason) {
        sink.publish(new LifecycleEvent.Danger(header(a.name()), active, reason));
    }

    /** An app's target size changed ({@code done} false), or was reached ({@code done} true). */
    void resize(App a, int from, int to, boolean done) {
        sink.publish(new LifecycleEvent.Resize(header(a.name()), from, to, done));
    }

    /** An app was added ({@code START}, with its size) or deleted ({@code DELETE}: size null). */
    void app(App a, LifecycleEvent.AppAction.Action action, Integer size) {
        sink.publish(new LifecycleEvent.AppAction(header(a.name()), action, size));
    }

    /**
     * A rolling restart was queued, began, finished or failed. Its app is set when it covers one
     * app, so subscribers that filter by app see it; {@code apps} always lists them.
     * {@code started} (done, failed) and {@code reason} (failed) are null otherwise.
     */
    void restart(Restart.Phase phase, List<Long> ids, List<Long> started, String reason, List<String> apps) {
        sink.publish(new Restart(header(apps.size() == 1 ? apps.get(0) : null), phase, ids, started, reason, apps));
    }

    /** A log file could not be written; lines stay in memory only (agent-wide). */
    void logsUnwritable(String path, String error, long unwritten) {
        sink.publish(new LifecycleEvent.LogsUnwritable(header((String) null), path, error, unwritten));
    }

    /** Log files are written again (agent-wide). */
    void logsResumed(String path, long unwritten) {
        sink.publish(new LifecycleEvent.LogsResumed(header((String) null), path, unwritten));
    }

    /** Another node joined this node's fleet (agent-wide, numbered in this node's own sequence). */
    void nodeJoined(String peer, String address) {
        sink.publish(new LifecycleEvent.NodeJoined(header((String) null), peer, address));
    }

    /** Another node left this node's fleet (agent-wide). */
    void nodeLeft(String peer, String address, String reason) {
        sink.publish(new LifecycleEvent.NodeLeft(header((String) null), peer, address, reason));
    }

    private EventHeader header(Worker w) {
        return new EventHeader(++seq, clock.now(), node, w.app.name(), w.ref());
    }

    private EventHeader header(String app) {
        return new EventHeader(++seq, clock.now(), node, app, null);
    }
}
