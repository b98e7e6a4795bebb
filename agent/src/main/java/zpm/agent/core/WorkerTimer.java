package zpm.agent.core;

import java.util.Locale;

/**
 * The timers a worker may hold. Which ones a state allows is stated once, in {@link WorkerState};
 * the choke point drops the others on every change of state, so no timer outlives its reason.
 */
public enum WorkerTimer {
    /** STARTING: readiness must pass within the readiness timeout. */
    READINESS,
    /** ONLINE (and STOPPING, the uptime still counts): up past resetAfterMs resets the backoff ladder. */
    STABLE,
    /** ONLINE, liveness notify: a WATCHDOG=1 must come within the timeout, again and again. */
    WATCHDOG,
    /** STOPPING: SIGKILL of the tree once the kill timeout passes. */
    KILL,
    /** BACKOFF: the next fork. */
    BACKOFF;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
