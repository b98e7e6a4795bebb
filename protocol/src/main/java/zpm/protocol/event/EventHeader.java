package zpm.protocol.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What every lifecycle event has: its place in the agent's sequence, its time, and what it is
 * about. On the wire these are the fields {@code seq}, {@code ts}, {@code app} and {@code worker}.
 *
 * @param seq    gapless per agent, from 1, so a subscriber can see a gap
 * @param ts     when it happened
 * @param app    the app, or null for agent-wide events (a restart of several apps)
 * @param worker the worker, or null for app-wide events
 */
public record EventHeader(long seq, Instant ts, String app, WorkerRef worker) {

    public EventHeader {
        Objects.requireNonNull(ts, "ts");
    }
}
