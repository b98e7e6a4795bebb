package zpm.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One lifecycle event of an agent: a record per type, each with its own fields. On the wire an
 * event is one JSON object, the common fields first and the type's fields after them:
 * {@code {"seq":42,"ts":"...","type":"exit","app":"web","worker":{...},"code":1,...}}
 * ({@link #toJson()}, {@link #fromJson(JsonNode)}). Records are immutable and safe to share
 * between threads; {@link Message#data()} is a tree that nobody may change.
 */
public sealed interface LifecycleEvent {

    /** seq, ts, node, app and worker. */
    EventHeader header();

    default EventType type() {
        return EventType.of(this);
    }

    /** Writes this type's own fields, in wire order, after the common ones. */
    void writeFields(ObjectNode out);

    default long seq() {
        return header().seq();
    }

    default Instant ts() {
        return header().ts();
    }

    /** The node (agent) it happened on; null for an event built without one. */
    default String node() {
        return header().node();
    }

    /** The app, or null for agent-wide events. */
    default String app() {
        return header().app();
    }

    /** The worker, or null for app-wide events. */
    default WorkerRef worker() {
        return header().worker();
    }

    /** The wire form: a new tree on every call. */
    default ObjectNode toJson() {
        return EventJson.write(this);
    }

    /**
     * Reads an event from its wire form.
     *
     * @throws IllegalArgumentException for an unknown type or a field of the wrong kind
     */
    static LifecycleEvent fromJson(JsonNode json) {
        return EventJson.read(json);
    }

    /** A worker process was spawned. */
    record Fork(EventHeader header, List<String> command) implements LifecycleEvent {
        public Fork {
            command = List.copyOf(command);
        }

        public void writeFields(ObjectNode out) {
            EventJson.strings(out.putArray("command"), command);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** The worker is ready: its readiness passed {@code afterMs} after the fork. */
    record Online(EventHeader header, long afterMs) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("afterMs", afterMs);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** The worker's own process tree holds a LISTEN socket on its app's port. */
    record Listening(EventHeader header, int port) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("port", port);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** The worker was asked to leave (then SIGTERM follows), or its control channel closed. */
    record Disconnect(EventHeader header, String reason) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("reason", reason);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * The process ended.
     *
     * @param code     its exit code, or null when a signal ended it
     * @param signal   the signal's name (KILL, TERM, ...), or null
     * @param expected true when it was asked to leave
     * @param uptimeMs how long it ran
     * @param reason   what the kernel said beyond the status: {@code "oom"} when its OOM killer
     *                 ended a process of the worker's cgroup; null (and absent on the wire) else
     */
    record Exit(EventHeader header, Integer code, String signal, boolean expected, long uptimeMs, String reason)
            implements LifecycleEvent {
        /** An exit the kernel said nothing more about ({@code reason} null). */
        public Exit(EventHeader header, Integer code, String signal, boolean expected, long uptimeMs) {
            this(header, code, signal, expected, uptimeMs, null);
        }

        public void writeFields(ObjectNode out) {
            out.put("code", code);
            out.put("signal", signal);
            out.put("expected", expected);
            out.put("uptimeMs", uptimeMs);
            if (reason != null) { // only when there is one: exits without stay as they always were
                out.put("reason", reason);
            }
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** An app's target size changed ({@code done} false), and again when it is reached (true). */
    record Resize(EventHeader header, int from, int to, boolean done) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("from", from);
            out.put("to", to);
            out.put("done", done);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * A rolling restart was queued, began, or ended. The header's app is set when the restart
     * covers one app.
     *
     * @param ids     the planned ids (queued, begin) or the replaced ones (done, failed)
     * @param started the workers it started (done, failed), else null
     * @param reason  why it stopped (failed), else null
     * @param apps    every app it covers
     */
    record Restart(EventHeader header, Phase phase, List<Long> ids, List<Long> started, String reason,
                   List<String> apps) implements LifecycleEvent {

        /** Where a restart is. */
        public enum Phase {
            QUEUED, BEGIN, DONE, FAILED;

            public String wireName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public Restart {
            Objects.requireNonNull(phase, "phase");
            ids = List.copyOf(ids);
            started = started == null ? null : List.copyOf(started);
            apps = List.copyOf(apps);
        }

        public void writeFields(ObjectNode out) {
            out.put("phase", phase.wireName());
            EventJson.longs(out.putArray("ids"), ids);
            if (started != null) {
                EventJson.longs(out.putArray("started"), started);
            }
            if (reason != null) {
                out.put("reason", reason);
            }
            EventJson.strings(out.putArray("apps"), apps);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** A worker waits {@code delayMs} before its next fork. */
    record Backoff(EventHeader header, long delayMs, String reason) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("delayMs", delayMs);
            out.put("reason", reason);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** A worker (header with a worker) or an app (without) was given up on until an operator acts. */
    record Fatal(EventHeader header, String reason) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("reason", reason);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** An app's workers die younger than its minimum restart age ({@code active}), or no longer. */
    record Danger(EventHeader header, boolean active, String reason) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("active", active);
            out.put("reason", reason);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** A check of a worker failed: {@code kind} readiness, liveness, memory or watchdog. */
    record Probe(EventHeader header, String kind, String error) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("kind", kind);
            out.put("error", error);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * An app was added ({@code START}, with its size) or deleted ({@code DELETE}, size null).
     */
    record AppAction(EventHeader header, Action action, Integer size) implements LifecycleEvent {

        /** What happened to the app. */
        public enum Action {
            START, DELETE;

            public String wireName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public AppAction {
            Objects.requireNonNull(action, "action");
        }

        public void writeFields(ObjectNode out) {
            out.put("action", action.wireName());
            if (size != null) {
                out.put("size", size);
            }
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** A worker sent {@code data} (any JSON value) on its control channel ({@code ZPM_CONTROL}). */
    record Message(EventHeader header, JsonNode data) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.set("data", data);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * The agent could not write a log file ({@code path}, the OS's {@code error}): from now on the
     * lines stay in memory only and are counted ({@code unwritten}: since the agent started) until
     * {@link LogsResumed}. Once per failure period, not per line; agent-wide (no app, no worker).
     */
    record LogsUnwritable(EventHeader header, String path, String error, long unwritten) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("path", path);
            out.put("error", error);
            out.put("unwritten", unwritten);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /** A log file ({@code path}) could be written again after {@link LogsUnwritable}; agent-wide. */
    record LogsResumed(EventHeader header, String path, long unwritten) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("path", path);
            out.put("unwritten", unwritten);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * Another node ({@code peer}, its cluster member {@code address} host:port) joined this
     * node's fleet, once it proved it holds the fleet's certificates. Emitted by the observing
     * node (the header's node) with its own seq; agent-wide.
     */
    record NodeJoined(EventHeader header, String peer, String address) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("peer", peer);
            out.put("address", address);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }

    /**
     * Another node left this node's fleet: removed from the cluster's membership (killed, cut off,
     * quit) or this node left the fleet itself ({@code reason} says which). Agent-wide.
     */
    record NodeLeft(EventHeader header, String peer, String address, String reason) implements LifecycleEvent {
        public void writeFields(ObjectNode out) {
            out.put("peer", peer);
            out.put("address", address);
            out.put("reason", reason);
        }

        @Override
        public String toString() {
            return EventJson.line(this);
        }
    }
}
