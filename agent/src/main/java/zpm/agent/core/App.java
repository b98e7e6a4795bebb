package zpm.agent.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/** One app: its spec, the size it wants, its workers and its health. Owned by the core's thread. */
final class App {

    AppSpec spec;
    /** The size it wants now (desired, apart from the actual workers). */
    int desired;
    /** The last size above zero, so a restart of a stopped app brings it back. */
    int lastRunningSize;
    final List<Worker> workers = new ArrayList<>();
    boolean resizing;
    /** A reconcile is scheduled for the next turn (the rest of a big resize). */
    boolean reconcileQueued;
    int resizeFrom;
    /** Danger and fatal; written only by {@link Health#set}. */
    AppHealth health = AppHealth.OK;
    AppState lastState = AppState.STOPPED;
    /** Who holds the app's port, as the OS layer last found when a worker exited young; null: nobody. */
    String portHolder;
    /** When the app's recent at-once forks after a young death were made: the app-wide burst guard. */
    private final ArrayDeque<Long> youngBursts = new ArrayDeque<>();

    App(AppSpec spec) {
        this.spec = spec;
        this.desired = 0;
        this.lastRunningSize = spec.size();
    }

    String name() {
        return spec.name();
    }

    /** The one place an app's state is derived; {@link Reconciler#settle} logs changes. */
    AppState state(boolean restarting) {
        if (health.fatal()) {
            return AppState.FATAL;
        }
        if (desired == 0 && workers.stream().noneMatch(Worker::isLive)) {
            return AppState.STOPPED;
        }
        if (restarting) {
            return AppState.RESTARTING;
        }
        if (resizing) {
            return AppState.RESIZING;
        }
        return health.danger() ? AppState.DANGER : AppState.RUNNING;
    }

    /**
     * Takes one at-once fork after a young death from the app's budget: at most {@code burst} in any
     * {@code resetAfterMs}, whatever the size, so a program that exits at once in every slot is forked
     * at most {@code burst} more times than the ladder alone would.
     */
    boolean takeYoungBurst(long nowMs) {
        BackoffSpec b = spec.backoff();
        while (!youngBursts.isEmpty() && nowMs - youngBursts.peekFirst() >= b.resetAfterMs()) {
            youngBursts.pollFirst();
        }
        if (youngBursts.size() >= b.burst()) {
            return false;
        }
        youngBursts.addLast(nowMs);
        return true;
    }

    boolean hasLiveWorker() {
        return workers.stream().anyMatch(Worker::isLive);
    }

    /** The slots that have a worker, in one pass: a per-slot search would be quadratic in the size. */
    BitSet takenSlots() {
        BitSet taken = new BitSet();
        for (Worker w : workers) {
            taken.set(w.slot);
        }
        return taken;
    }

    List<Worker> workersBySlot() {
        List<Worker> copy = new ArrayList<>(workers);
        copy.sort(Comparator.comparingInt((Worker w) -> w.slot).thenComparingLong(w -> w.id));
        return copy;
    }

    /** A resize is reached when no worker is left above the target and none below it is still starting. */
    boolean sizeReached() {
        for (Worker w : workers) {
            if (w.slot >= desired || w.state == WorkerState.STARTING) {
                return false;
            }
        }
        return takenSlots().nextClearBit(0) >= desired;
    }

    AppInfo info() {
        int online = (int) workers.stream().filter(w -> w.state == WorkerState.ONLINE).count();
        String reason = health.fatal() ? health.fatalReason()
                : health.danger() ? "workers die younger than minRestartAgeMs=" + spec.minRestartAgeMs()
                + (portHolder == null ? "" : ": " + portHolder) : null;
        return new AppInfo(name(), lastState, desired, workers.size(), online, reason, health.failure(), spec);
    }
}
