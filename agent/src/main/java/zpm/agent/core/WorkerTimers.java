package zpm.agent.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The timers one worker holds, at most one of each kind. Only {@link Transitions} drops them
 * (those the new state does not allow); arming one the state does not allow is a bug.
 */
final class WorkerTimers {

    private final Map<WorkerTimer, Scheduler.Timer> armed = new EnumMap<>(WorkerTimer.class);

    /**
     * Arms {@code kind} in {@code state} (replacing one of the same kind). It forgets itself when
     * it fires, before {@code task} runs.
     */
    void arm(WorkerTimer kind, WorkerState state, Scheduler scheduler, long delayMs, Runnable task) {
        if (!state.timers().contains(kind)) {
            throw new IllegalStateException(kind + " timer in " + state + " (allowed: " + state.timers() + ")");
        }
        cancel(kind);
        Scheduler.Timer[] self = new Scheduler.Timer[1];
        self[0] = scheduler.schedule(delayMs, () -> {
            armed.remove(kind, self[0]);
            task.run();
        });
        armed.put(kind, self[0]);
    }

    boolean isArmed(WorkerTimer kind) {
        return armed.containsKey(kind);
    }

    /** Cancels every timer not in {@code allowed}. */
    void keepOnly(Set<WorkerTimer> allowed) {
        armed.entrySet().removeIf(e -> {
            boolean drop = !allowed.contains(e.getKey());
            if (drop) {
                e.getValue().cancel();
            }
            return drop;
        });
    }

    private void cancel(WorkerTimer kind) {
        Scheduler.Timer t = armed.remove(kind);
        if (t != null) {
            t.cancel();
        }
    }
}
