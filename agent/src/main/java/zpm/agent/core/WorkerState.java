package zpm.agent.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of one worker, the only edges allowed between them and the timers each state may
 * hold. docs/lifecycle.md is rendered from {@link #allowedEdges()} and {@link #timers()}; a test
 * fails when the two drift apart.
 */
public enum WorkerState {
    /** Forked (or being forked), not ready yet. */
    STARTING,
    /** Ready: readiness passed. */
    ONLINE,
    /** Asked to leave: disconnect, the stop signal (SIGTERM unless set), then SIGKILL after the kill timeout. */
    STOPPING,
    /** No process, and none wanted now (stopped by an operator, or the restart policy said no). */
    EXITED,
    /** Waiting to be forked again. */
    BACKOFF,
    /** Given up on (crash loop, or the command cannot be started) until an operator acts. */
    FATAL;

    private static final Map<WorkerState, Set<WorkerState>> EDGES = new EnumMap<>(WorkerState.class);
    private static final Map<WorkerState, Set<WorkerTimer>> TIMERS = new EnumMap<>(WorkerState.class);

    static {
        EDGES.put(STARTING, EnumSet.of(ONLINE, STOPPING, EXITED, FATAL));
        EDGES.put(ONLINE, EnumSet.of(STOPPING, EXITED));
        EDGES.put(STOPPING, EnumSet.of(EXITED));
        EDGES.put(EXITED, EnumSet.of(STARTING, BACKOFF, FATAL));
        EDGES.put(BACKOFF, EnumSet.of(STARTING, EXITED, FATAL));
        EDGES.put(FATAL, EnumSet.of(STARTING, EXITED));

        TIMERS.put(STARTING, EnumSet.of(WorkerTimer.READINESS));
        TIMERS.put(ONLINE, EnumSet.of(WorkerTimer.STABLE, WorkerTimer.WATCHDOG));
        TIMERS.put(STOPPING, EnumSet.of(WorkerTimer.KILL, WorkerTimer.STABLE));
        TIMERS.put(EXITED, EnumSet.noneOf(WorkerTimer.class));
        TIMERS.put(BACKOFF, EnumSet.of(WorkerTimer.BACKOFF));
        TIMERS.put(FATAL, EnumSet.noneOf(WorkerTimer.class));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A process exists (or is being created) for a worker in this state. */
    public boolean hasProcess() {
        return this == STARTING || this == ONLINE || this == STOPPING;
    }

    /** The timers a worker may hold in this state; entering it drops every other one. */
    public Set<WorkerTimer> timers() {
        return Collections.unmodifiableSet(TIMERS.get(this));
    }

    public boolean canGo(WorkerState to) {
        return EDGES.get(this).contains(to);
    }

    /** Every allowed edge, for docs and tests. A new worker enters {@link #STARTING}. */
    public static Map<WorkerState, Set<WorkerState>> allowedEdges() {
        return Collections.unmodifiableMap(EDGES);
    }
}
