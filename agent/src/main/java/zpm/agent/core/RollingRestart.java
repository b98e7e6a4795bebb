package zpm.agent.core;

import zpm.protocol.api.RestartBatch;
import zpm.protocol.event.LifecycleEvent.Restart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Rolling restarts, {@code batch} workers at a time per app (one unless asked): a replacement is
 * forked for each old worker and must be online before the old one is asked to leave; a step
 * ends once the old one is gone, and the next worker of the plan (in its order) begins when its
 * app has fewer than its batch in flight. A restart asked while one runs waits in a queue. The
 * steps (old worker, replacement) live here only: "is this a replacement", "is one on the way"
 * are questions to the plan. Core thread only.
 */
final class RollingRestart {

    /** One old worker and its replacement (old is null when a worker without process is forked in place). */
    static final class Step {
        Worker old;
        /** The worker that must come online for this step; null once it did. */
        Worker replacement;

        Step(Worker old, Worker replacement) {
            this.old = old;
            this.replacement = replacement;
        }

        App app() {
            return old != null ? old.app : replacement.app;
        }
    }

    /** One restart request. */
    static final class Plan {
        final List<Long> ids;
        final Set<String> apps;
        final RestartBatch batch;
        final Deque<Long> pending;
        final CompletableFuture<RestartResult> result = new CompletableFuture<>();
        final List<Long> replaced = new ArrayList<>();
        final List<Long> started = new ArrayList<>();
        /** The steps in flight, in the order they began. */
        final List<Step> steps = new ArrayList<>();
        /** Why the first replacement that failed did; no step begins after it. */
        String error;

        Plan(List<Long> ids, Set<String> apps, RestartBatch batch) {
            this.ids = List.copyOf(ids);
            this.apps = Set.copyOf(apps);
            this.batch = batch;
            this.pending = new ArrayDeque<>(ids);
        }

        int inFlight(App a) {
            return (int) steps.stream().filter(s -> s.app() == a).count();
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
    CompletableFuture<RestartResult> request(Target target, RestartBatch batch) {
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
        CompletableFuture<RestartResult> done = enqueue(new Plan(ids, appNames, batch));
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

    /** A replacement of a live worker in a step of this plan, still on its way to online. */
    boolean isReplacement(Worker w) {
        return current != null && current.steps.stream().anyMatch(s -> s.replacement == w && s.old != null);
    }

    /** A live worker whose replacement is on its way. */
    boolean isBeingReplaced(Worker w) {
        return current != null && current.steps.stream().anyMatch(s -> s.old == w && s.replacement != null);
    }

    private Step stepWithReplacement(Plan p, Worker w) {
        return p == null ? null : p.steps.stream().filter(s -> s.replacement == w).findFirst().orElse(null);
    }

    private void begin(Plan plan) {
        current = plan;
        emit(plan, Restart.Phase.BEGIN, plan.ids, null, null);
        fill();
    }

    /** {@code ids}: planned (queued, begin) or replaced (done, failed). */
    private void emit(Plan p, Restart.Phase phase, List<Long> ids, List<Long> started, String reason) {
        core.events.restart(phase, ids, started, reason, List.copyOf(p.apps));
    }

    /**
     * Begins steps in plan order while the next worker's app has room in its batch, skipping workers
     * that left or were re-forked since the plan was made; ends the plan when nothing is left.
     */
    private void fill() {
        Plan p = current;
        while (p == current && p.error == null && !p.pending.isEmpty()) {
            Worker w = core.registry.byId.get(p.pending.peek());
            if (w == null || w.state == WorkerState.STOPPING) {
                p.pending.poll();
                continue;
            }
            if (p.inFlight(w.app) >= p.batch.forSize(w.app.desired)) {
                return; // the order is kept: the next one waits for a step of its app to end
            }
            p.pending.poll();
            if (!w.state.hasProcess()) {
                // BACKOFF / FATAL / EXITED -> STARTING: nothing serves this slot, fork it in place.
                p.steps.add(new Step(null, w));
                core.starts.respawnInPlace(w, "restart");
            } else {
                Step step = new Step(w, null);
                p.steps.add(step);
                step.replacement = core.starts.forkReplacement(w);
            }
        }
        if (p == current && p.steps.isEmpty()) {
            finish(p.error == null, p.error, true);
        }
    }

    /** A worker came online: if it is a step's replacement, that step's old worker may now leave. */
    void onOnline(Worker w) {
        Plan p = current;
        Step step = stepWithReplacement(p, w);
        if (step == null) {
            return;
        }
        if (step.old != null) {
            p.replaced.add(step.old.id);
        }
        p.started.add(w.id);
        step.replacement = null;
        if (step.old != null && step.old.app.workers.contains(step.old)) {
            core.stops.begin(step.old, "restart", Worker.AfterExit.REMOVE);
        } else {
            p.steps.remove(step);
            fill();
        }
    }

    /** A worker left its app. */
    void onRemoved(Worker w) {
        Plan p = current;
        if (p == null) {
            return;
        }
        for (Step step : List.copyOf(p.steps)) {
            if (w == step.replacement) {
                // Taken away on purpose (shrink, app stopped) before it came online: skip the step.
                p.steps.remove(step);
                fill();
                return;
            } else if (w == step.old) {
                step.old = null;
                if (step.replacement == null) {
                    p.steps.remove(step);
                    fill();
                }
                return;
            }
        }
    }

    /**
     * A worker failed to start (exit, failed spawn): if it is a step's replacement, no step begins
     * after it and its old worker keeps serving; the plan ends, failed, once the steps in flight do.
     */
    void onFailedStart(Worker w, String why) {
        Plan p = current;
        Step step = stepWithReplacement(p, w);
        if (step == null) {
            return;
        }
        p.steps.remove(step);
        if (p.error == null) {
            p.error = "worker " + w.id + " (slot " + w.slot + " of " + w.app.name()
                    + ") did not come online: " + why + "; the restart stopped, the old workers keep serving";
        }
        p.pending.clear();
        if (p.steps.isEmpty()) {
            // The next queued plan waits for resume(): it must not fork while this failure is handled.
            finish(false, p.error, false);
        }
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

