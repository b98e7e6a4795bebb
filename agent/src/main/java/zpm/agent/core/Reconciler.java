package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Desired apart from actual: a resize changes an app's wish and {@link #reconcile} closes the gap;
 * {@link #settle}, run after every command, fact and timer, notes reached sizes, derives the app
 * states and completes the futures whose condition now holds. Core thread only.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    /** Forks and stops a reconcile starts in one turn of the core's thread. */
    static final int BATCH = 100;

    private record Waiter(BooleanSupplier done, Runnable then) {
    }

    private final Core core;
    private final List<Waiter> waiters = new ArrayList<>();
    private boolean settling;

    Reconciler(Core core) {
        this.core = core;
    }

    /** Sets an app's wish and reconciles; completes once the size is reached (or wished otherwise). */
    CompletableFuture<AppInfo> resize(App a, int size) {
        int from = a.desired;
        a.desired = size;
        if (size > 0) {
            a.lastRunningSize = size;
        }
        a.resizing = true;
        a.resizeFrom = from;
        core.events.resize(a, from, size, false);
        reconcile(a);
        CompletableFuture<AppInfo> done = new CompletableFuture<>();
        waitFor(() -> !a.resizing || a.desired != size, () -> done.complete(a.info()));
        return done;
    }

    /**
     * Forks the missing slots below the target and stops the workers at or above it, at most
     * {@link #BATCH} of them in one turn: the rest is done by a reconcile on the next turn, so a
     * resize to thousands never holds the core's thread (an event loop) for long.
     */
    void reconcile(App a) {
        int budget = BATCH;
        boolean more = false;
        if (!a.health.fatal() && !core.quitting) {
            BitSet taken = a.takenSlots();
            for (int slot = taken.nextClearBit(0); slot < a.desired; slot = taken.nextClearBit(slot + 1)) {
                if (budget-- == 0) {
                    more = true;
                    break;
                }
                Worker w = new Worker(a, slot);
                a.workers.add(w);
                core.starts.fork(w, "size " + a.desired);
            }
        }
        List<Worker> sorted = a.workersBySlot();
        sorted.sort(Comparator.comparingInt((Worker w) -> w.slot).reversed());
        for (Worker w : sorted) {
            if (w.slot >= a.desired && w.state != WorkerState.STOPPING) {
                if (budget-- <= 0) {
                    more = true;
                    break;
                }
                core.stops.begin(w, a.desired == 0 ? "stop" : "shrink", Worker.AfterExit.REMOVE);
            }
        }
        if (more && !a.reconcileQueued) {
            a.reconcileQueued = true;
            core.scheduler.schedule(0, () -> {
                a.reconcileQueued = false;
                reconcile(a);
            });
        }
    }

    /** Runs {@code then} at the first settle where {@code done} holds. */
    void waitFor(BooleanSupplier done, Runnable then) {
        waiters.add(new Waiter(done, then));
    }

    /**
     * Runs after every command, fact and timer: notes reached sizes, updates app states (logged
     * once per change) and completes the waiters whose condition now holds.
     */
    void settle() {
        if (settling) {
            return;
        }
        settling = true;
        try {
            core.rolling.resume();
            for (App a : new ArrayList<>(core.registry.apps.values())) {
                if (a.resizing && a.sizeReached()) {
                    a.resizing = false;
                    core.events.resize(a, a.resizeFrom, a.desired, true);
                }
                updateAppState(a);
            }
            for (Waiter wt : new ArrayList<>(waiters)) {
                if (wt.done().getAsBoolean()) {
                    waiters.remove(wt);
                    wt.then().run();
                }
            }
        } finally {
            settling = false;
        }
    }

    private void updateAppState(App a) {
        AppState now = a.state(core.rolling.isRestarting(a.name()));
        if (now != a.lastState) {
            log.info("app={} {}->{}", a.name(), a.lastState, now);
            a.lastState = now;
        }
    }
}
