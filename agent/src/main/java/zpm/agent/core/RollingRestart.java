package zpm.agent.core;

import zpm.protocol.event.EventType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Rolling restarts, one worker at a time: a replacement is forked for the old worker and must be
 * online before the old one is asked to leave; the next step begins once the old one is gone.
 * A restart asked while one runs waits in a queue. Owned by the core's thread.
 */
final class RollingRestart {

    /** One restart request. */
    static final class Plan {
        final List<Long> ids;
        final Set<String> apps;
        final Deque<Long> pending;
        final CompletableFuture<RestartResult> result = new CompletableFuture<>();
        final List<Long> replaced = new ArrayList<>();
        final List<Long> started = new ArrayList<>();
        /** The worker being replaced (null when a worker without process is forked in place). */
        Worker old;
        /** The worker that must come online for this step. */
        Worker replacement;

        Plan(List<Long> ids, Set<String> apps) {
            this.ids = List.copyOf(ids);
            this.apps = Set.copyOf(apps);
            this.pending = new ArrayDeque<>(ids);
        }
    }

    private final Supervisor sup;
    private final Deque<Plan> queue = new ArrayDeque<>();
    private Plan current;

    RollingRestart(Supervisor sup) {
        this.sup = sup;
    }

    CompletableFuture<RestartResult> enqueue(Plan plan) {
        if (current == null) {
            begin(plan);
        } else {
            queue.add(plan);
            emit(plan, Supervisor.details("phase", "queued", "ids", plan.ids));
        }
        return plan.result;
    }

    boolean isRestarting(String app) {
        return current != null && current.apps.contains(app);
    }

    boolean isWaitingFor(Worker w) {
        return current != null && current.replacement == w;
    }

    private void begin(Plan plan) {
        current = plan;
        emit(plan, Supervisor.details("phase", "begin", "ids", plan.ids));
        next();
    }

    /**
     * A restart event: {@code app} is set when the plan covers one app, so subscribers that filter
     * by app see it; {@code apps} always lists them. {@code ids}: planned (queued, begin) or
     * replaced (done, failed).
     */
    private void emit(Plan p, java.util.Map<String, Object> details) {
        details.put("apps", List.copyOf(p.apps));
        sup.emit(EventType.RESTART, p.apps.size() == 1 ? p.apps.iterator().next() : null, null, details);
    }

    /** Starts the next step, skipping workers that left or were re-forked since the plan was made. */
    private void next() {
        Plan p = current;
        p.old = null;
        p.replacement = null;
        while (!p.pending.isEmpty()) {
            Worker w = sup.workerById(p.pending.poll());
            if (w == null || w.state == WorkerState.STOPPING) {
                continue;
            }
            if (!w.state.hasProcess()) {
                // BACKOFF / FATAL / EXITED -> STARTING: nothing serves this slot, fork it in place.
                p.replacement = w;
                sup.respawnInPlace(w, "restart");
            } else {
                p.old = w;
                p.replacement = sup.forkReplacement(w);
            }
            return;
        }
        finish(true, null);
    }

    /** A worker came online: if it is this step's replacement, the old one may now leave. */
    void onOnline(Worker w) {
        Plan p = current;
        if (p == null || p.replacement != w) {
            return;
        }
        if (p.old != null) {
            p.replaced.add(p.old.id);
        }
        p.started.add(w.id);
        w.replaces = null;
        p.replacement = null;
        if (p.old != null && sup.isPresent(p.old)) {
            p.old.replacedBy = null;
            sup.beginStop(p.old, "restart", Worker.AfterExit.REMOVE);
        } else {
            next();
        }
    }

    /** A worker left its app. */
    void onRemoved(Worker w) {
        Plan p = current;
        if (p == null) {
            return;
        }
        if (w == p.replacement) {
            // Taken away on purpose (shrink, app stopped) before it came online: skip the step.
            if (p.old != null) {
                p.old.replacedBy = null;
            }
            next();
        } else if (w == p.old) {
            p.old = null;
            if (p.replacement == null) {
                next();
            }
        }
    }

    /** This step's replacement failed to come online: stop here and leave the old worker serving. */
    void onFailedStart(Worker w, String why) {
        Plan p = current;
        if (p == null || p.replacement != w) {
            return;
        }
        if (p.old != null) {
            p.old.replacedBy = null;
        }
        p.replacement = null;
        p.old = null;
        finish(false, "worker " + w.id + " (slot " + w.slot + " of " + w.app.name()
                + ") did not come online: " + why + "; the restart stopped, the old workers keep serving");
    }

    /** Ends every plan (the agent is quitting). */
    void abortAll(String why) {
        List<Plan> waiting = new ArrayList<>(queue);
        queue.clear();
        if (current != null) {
            if (current.old != null) {
                current.old.replacedBy = null;
            }
            if (current.replacement != null) {
                current.replacement.replaces = null;
            }
            current.pending.clear();
            finish(false, why);
        }
        for (Plan p : waiting) {
            current = p;
            finish(false, why);
        }
    }

    private void finish(boolean ok, String error) {
        Plan p = current;
        current = null;
        emit(p, ok
                ? Supervisor.details("phase", "done", "ids", p.replaced, "started", p.started)
                : Supervisor.details("phase", "failed", "ids", p.replaced, "started", p.started,
                "reason", error));
        p.result.complete(new RestartResult(p.replaced, p.started, ok, error));
        Plan nextPlan = queue.poll();
        if (nextPlan != null) {
            begin(nextPlan);
        }
    }
}
