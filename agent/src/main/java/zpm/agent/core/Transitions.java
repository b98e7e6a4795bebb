package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static zpm.agent.core.WorkerState.BACKOFF;
import static zpm.agent.core.WorkerState.EXITED;
import static zpm.agent.core.WorkerState.FATAL;
import static zpm.agent.core.WorkerState.ONLINE;
import static zpm.agent.core.WorkerState.STARTING;
import static zpm.agent.core.WorkerState.STOPPING;

/**
 * The one choke point for a worker's state: it checks the edge, logs {@code old->new} once, drops
 * the timers the new state does not allow and emits the edge's event, picked from the edge and
 * the cause by {@link #RULES}. Nothing else writes {@code Worker.state}. Core thread only.
 */
final class Transitions {

    // The transition lines keep the logger they always had, so operators' filters still match.
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /**
     * Which cause may take which edge, and the event that edge then emits (null: none).
     * {@code from == to} is a fact that keeps the state. A new worker has no state: it takes the
     * {@code fork} rule into STARTING. docs/lifecycle.md renders this table.
     */
    record Rule(Cause.Kind cause, Set<WorkerState> from, WorkerState to, String event, String why) {
    }

    static final List<Rule> RULES = List.of(
            new Rule(Cause.Kind.FORK, EnumSet.of(EXITED, BACKOFF, FATAL), STARTING, null,
                    "`fork` follows once the pid is known"),
            new Rule(Cause.Kind.SPAWNED, EnumSet.of(STARTING, STOPPING), null, "fork", "the pid is known"),
            new Rule(Cause.Kind.READY, EnumSet.of(STARTING), ONLINE, "online", "readiness passed"),
            new Rule(Cause.Kind.STOP, EnumSet.of(STARTING, ONLINE), STOPPING, "disconnect", "asked to leave"),
            new Rule(Cause.Kind.STOP, EnumSet.of(BACKOFF, FATAL), EXITED, null, "no process to tell"),
            new Rule(Cause.Kind.EXIT, EnumSet.of(STARTING, ONLINE, STOPPING), EXITED, "exit", "the process ended"),
            new Rule(Cause.Kind.SPAWN_FAILED, EnumSet.of(STARTING), FATAL, "fatal", "the command cannot be started"),
            new Rule(Cause.Kind.SPAWN_FAILED, EnumSet.of(STARTING, STOPPING), EXITED, null,
                    "a rolling replacement (dropped), or a worker asked to leave meanwhile"),
            new Rule(Cause.Kind.BACKOFF, EnumSet.of(EXITED), BACKOFF, "backoff", "a crash: wait before the next fork"),
            new Rule(Cause.Kind.DEV_MODE, EnumSet.of(EXITED), FATAL, "fatal", "dev mode: died right after start"),
            new Rule(Cause.Kind.APP_FATAL, EnumSet.of(EXITED, BACKOFF), FATAL, null,
                    "the app's own `fatal` event tells it once"));

    private final Events events;

    Transitions(Events events) {
        this.events = events;
    }

    /** Moves {@code w} to {@code to} for {@code cause}: the only writer of a worker's state. */
    void go(Worker w, WorkerState to, Cause cause) {
        WorkerState from = w.state;
        Rule rule = rule(from, to, cause.kind());
        if (rule == null) {
            throw new IllegalStateException(w + " cannot go " + (from == null ? "NEW" : from) + "->" + to
                    + " for " + cause.kind().docName() + " (" + cause.text() + ")");
        }
        w.state = to;
        if (from == to) {
            log.debug("{} pid={} {} in {}", w, w.pid, cause.text(), to);
        } else {
            log.info("app={} worker={} slot={} {}->{} cause=\"{}\"", w.app.name(), w.id, w.slot,
                    from == null ? "NEW" : from, to, cause.text());
            w.timers.keepOnly(to.timers());
        }
        if (rule.event() != null) {
            emit(w, cause);
        }
    }

    /** A fact that keeps the worker's state but has its event (the pid is known: {@code fork}). */
    void note(Worker w, Cause cause) {
        go(w, w.state, cause);
    }

    /** The rule for an edge and a cause, or null when the cause may not take that edge. */
    static Rule rule(WorkerState from, WorkerState to, Cause.Kind kind) {
        if (from == null) {
            return kind == Cause.Kind.FORK && to == STARTING ? RULES.get(0) : null;
        }
        if (from != to && !from.canGo(to)) {
            return null;
        }
        for (Rule r : RULES) {
            if (r.cause() == kind && r.from().contains(from) && (r.to() == null ? to == from : r.to() == to)) {
                return r;
            }
        }
        return null;
    }

    /** The event of an edge that has one: each cause has exactly one kind of event. */
    private void emit(Worker w, Cause c) {
        if (c instanceof Cause.Spawned s) {
            events.fork(w, s.command());
        } else if (c instanceof Cause.Ready r) {
            events.online(w, r.afterMs());
        } else if (c instanceof Cause.Stop s) {
            events.disconnect(w, s.reason());
        } else if (c instanceof Cause.Exit e) {
            events.exit(w, e.status(), e.expected(), e.uptimeMs());
        } else if (c instanceof Cause.Backoff b) {
            events.backoff(w, b.delayMs(), b.reason());
        } else if (c instanceof Cause.SpawnFailed f) {
            events.fatal(w, f.reason());
        } else if (c instanceof Cause.DevMode d) {
            events.fatal(w, d.reason());
        } else {
            throw new IllegalStateException("a rule gives " + c.kind().docName() + " an event it does not have");
        }
    }
}
