package zpm.agent.core;

import zpm.protocol.event.LifecycleEvent.Restart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Rolling restarts, one worker at a time: a replacement is forked for the old worker and must be
 * online before the old one is asked to leave; the next step begins once the old one is gone.
 * A restart asked while one runs waits in a queue. The step (old worker, replacement) lives here
 * only: "is this a replacement", "is one on the way" are questions to the plan. Core thread only.
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

    private final Core core;
    private final Deque<Plan> queue = new ArrayDeque<>();
    private Plan current;

    RollingRestart(Core core) {
        this.core = core;
    }

    /**
     * The operator's restart of a target. Apps in it leave danger and fatal; stopped ones are
     * started at their last size, and their new workers count as started.
     */
    CompletableFuture<RestartResult> request(Target target) {
        List<Worker> targeted = core.registry.workersOf(target);
        Set<String> appNames = new LinkedHashSet<>();
        List<CompletableFuture<AppInfo>> starting = new ArrayList<>();
        List<Long> startedIds = new ArrayList<>();
        for (App a : core.registry.appsOf(target)) {
            appNames.add(a.name());
            // The plan below forks the fatal workers in place, one at a time.
            core.health.set(a, AppHealth.OK, "cleared by an operator's restart");
            if (a.desired == 0 && a.lastRunningSize > 0) {
                starting.add(core.reconciler.resize(a, a.lastRunningSize));
                a.workersBySlot().forEach(w -> startedIds.add(w.id));
            }
        }
        List<Long> ids = new ArrayList<>();
        for (Worker w : targeted) {
            if (w.state != WorkerState.STOPPING && !isReplacement(w)) {
                ids.add(w.id);
                appNames.add(w.app.name());
                if (w.state == WorkerState.FATAL) {
                    core.health.set(w.app, w.app.health.notGivenUp(), "restart of worker " + w.id);
                }
            }
        }
        CompletableFuture<RestartResult> done = enqueue(new Plan(ids, appNames));
        if (starting.isEmpty()) {
            return done;
        }
        return done.thenCombine(CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)), (r, v) -> {
            List<Long> started = new ArrayList<>(startedIds);
            started.addAll(r.started());
            return new RestartResult(r.replaced(), started, r.ok(), r.error());
        });
    }

    private CompletableFuture<RestartResult> enqueue(Plan plan) {
        if (current == null) {
            begin(plan);
        } else {
            queue.add(plan);
            emit(plan, Restart.Phase.QUEUED, plan.ids, null, null);
        }
        return plan.result;
    }

    boolean isRestarting(String app) {
        return current != null && current.apps.contains(app);
    }

    /** This step's replacement of a live worker, still on its way to online. */
    boolean isReplacement(Worker w) {
        return current != null && current.replacement == w && current.old != null;
    }

    /** A live worker whose replacement is on its way. */
    boolean isBeingReplaced(Worker w) {
        return current != null && current.old == w && current.replacement != null;
    }

    private void begin(Plan plan) {
        current = plan;
        emit(plan, Restart.Phase.BEGIN, plan.ids, null, null);
        next();
    }

    /** {@code ids}: planned (queued, begin) or replaced (done, failed). */
    private void emit(Plan p, Restart.Phase phase, List<Long> ids, List<Long> started, String reason) {
        core.events.restart(phase, ids, started, reason, List.copyOf(p.apps));
    }

    /** Starts the next step, skipping workers that left or were re-forked since the plan was made. */
    private void next() {
        Plan p = current;
        p.old = null;
        p.replacement = null;
        while (!p.pending.isEmpty()) {
            Worker w = core.registry.byId.get(p.pending.poll());
            if (w == null || w.state == WorkerState.STOPPING) {
                continue;
            }
            if (!w.state.hasProcess()) {
                // BACKOFF / FATAL / EXITED -> STARTING: nothing serves this slot, fork it in place.
                p.replacement = w;
                core.starts.respawnInPlace(w, "restart");
            } else {
                p.old = w;
                p.replacement = core.starts.forkReplacement(w);
            }
            return;
        }
        finish(true, null, true);
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
        p.replacement = null;
        if (p.old != null && p.old.app.workers.contains(p.old)) {
            core.stops.begin(p.old, "restart", Worker.AfterExit.REMOVE);
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
            next();
        } else if (w == p.old) {
            p.old = null;
            if (p.replacement == null) {
                next();
            }
        }
    }

    /**
     * A worker failed to start (exit, failed spawn): if it is this step's replacement, stop here and
     * leave the old worker serving.
     */
    void onFailedStart(Worker w, String why) {
        Plan p = current;
        if (p == null || p.replacement != w) {
            return;
        }
        p.replacement = null;
        p.old = null;
        // The next queued plan waits for resume(): it must not fork while this failure is handled.
        finish(false, "worker " + w.id + " (slot " + w.slot + " of " + w.app.name()
                + ") did not come online: " + why + "; the restart stopped, the old workers keep serving", false);
    }

    /** Begins the next queued plan if none runs (after a failed start was handled). */
    void resume() {
        if (current == null && !queue.isEmpty()) {
            begin(queue.poll());
        }
    }

    /** Ends every plan (the agent is quitting). */
    void abortAll(String why) {
        List<Plan> waiting = new ArrayList<>(queue);
        queue.clear();
        if (current != null) {
            current.pending.clear();
            finish(false, why, false);
        }
        for (Plan p : waiting) {
            current = p;
            finish(false, why, false);
        }
    }

    private void finish(boolean ok, String error, boolean beginNext) {
        Plan p = current;
        current = null;
        emit(p, ok ? Restart.Phase.DONE : Restart.Phase.FAILED, p.replaced, p.started, error);
        p.result.complete(new RestartResult(p.replaced, p.started, ok, error));
        if (beginNext) {
            resume();
        }
    }
}

