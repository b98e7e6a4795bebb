package zpm.agent.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of one worker, and the only edges allowed between them. docs/lifecycle.md is
 * rendered from {@link #allowedEdges()}; a test fails when the two drift apart.
 */
public enum WorkerState {
    /** Forked (or being forked), not ready yet. */
    STARTING,
    /** Ready: readiness passed. */
    ONLINE,
    /** Asked to leave: disconnect, SIGTERM, then SIGKILL after the kill timeout. */
    STOPPING,
    /** No process, and none wanted now (stopped by an operator, or the restart policy said no). */
    EXITED,
    /** Waiting to be forked again. */
    BACKOFF,
    /** Given up on (crash loop, or the command cannot be started) until an operator acts. */
    FATAL;

    private static final Map<WorkerState, Set<WorkerState>> EDGES = new EnumMap<>(WorkerState.class);

    static {
        EDGES.put(STARTING, EnumSet.of(ONLINE, STOPPING, EXITED, FATAL));
        EDGES.put(ONLINE, EnumSet.of(STOPPING, EXITED));
        EDGES.put(STOPPING, EnumSet.of(EXITED));
        EDGES.put(EXITED, EnumSet.of(STARTING, BACKOFF, FATAL));
        EDGES.put(BACKOFF, EnumSet.of(STARTING, EXITED, FATAL));
        EDGES.put(FATAL, EnumSet.of(STARTING, EXITED));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A process exists (or is being created) for a worker in this state. */
    public boolean hasProcess() {
        return this == STARTING || this == ONLINE || this == STOPPING;
    }

    /** No process and nothing scheduled: only an operator (or a reconcile) changes it. */
    public boolean isTerminal() {
        return this == EXITED || this == FATAL;
    }

    public boolean canGo(WorkerState to) {
        return EDGES.get(this).contains(to);
    }

    /** Every allowed edge, for docs and tests. A new worker enters {@link #STARTING}. */
    public static Map<WorkerState, Set<WorkerState>> allowedEdges() {
        return Collections.unmodifiableMap(EDGES);
    }
}
