package zpm.agent.core;

/**
 * A read-only view of one worker, for status.
 *
 * @param id        the worker id (of its current or last process)
 * @param slot      0..size-1
 * @param app       the app name
 * @param pid       the process id, or null when there is no process
 * @param state     the worker's state
 * @param uptimeMs  time since the process was spawned, 0 without a process
 * @param restarts  how many times the slot was forked again
 * @param lastExit  how the previous process ended, or null
 * @param reason    why the worker is in backoff, fatal or stopping; or null
 */
public record WorkerInfo(long id, int slot, String app, Long pid, WorkerState state, long uptimeMs,
                         int restarts, LastExit lastExit, String reason, String statusText) {

    /**
     * How a previous process of the worker ended.
     *
     * @param reason why it was asked to leave (e.g. {@code liveness failed: ...}), or null
     */
    public record LastExit(ExitStatus status, boolean expected, long uptimeMs, String reason) {
    }
}
