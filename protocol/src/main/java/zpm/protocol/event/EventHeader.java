package zpm.protocol.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What every lifecycle event has: its place in its node's sequence, its time, the node it
 * happened on, and what it is about. On the wire these are the fields {@code seq}, {@code ts},
 * {@code node}, {@code app} and {@code worker}.
 *
 * @param seq    gapless per node (per agent), from 1, so a subscriber can see a gap
 * @param ts     when it happened
 * @param node   the name of the node (agent) it happened on; null only for events built without one
 *               (an event of an older agent, a test), which the wire then carries without the field
 * @param app    the app, or null for agent-wide events (a restart of several apps, a node joining)
 * @param worker the worker, or null for app-wide events
 */
public record EventHeader(long seq, Instant ts, String node, String app, WorkerRef worker) {

    public EventHeader {
        Objects.requireNonNull(ts, "ts");
    }

    /** A header without a node name (tests, embedders that do not name the agent). */
    public EventHeader(long seq, Instant ts, String app, WorkerRef worker) {
        this(seq, ts, null, app, worker);
    }
}
