package zpm.agent.core;

/**
 * Runs readiness checks for the core. Results come back through {@link ProcessFacts#ready} or
 * {@link ProcessFacts#probeFailed}. The core itself enforces the readiness timeout.
 */
public interface Probes {

    /** Starts checking a freshly spawned worker until it is ready or {@link #cancel} is called. */
    void watchReadiness(long workerId, long pid, ProbeSpec spec, Integer appPort);

    /** Stops the readiness checks of a worker (it is ready, timed out, or gone). */
    void cancel(long workerId);

    /**
     * Reports {@link ProcessFacts#listening} once the worker's own process tree holds a LISTEN
     * socket on {@code port}, however it is ready. Ends with {@link #release}.
     */
    default void watchListening(long workerId, long pid, int port) {
    }

    /**
     * Watches an online worker's health until {@link #release}: its liveness check (may be null)
     * and its process tree's RSS against {@code maxMemoryMb} (may be null). A failure is reported
     * once, as a fatal {@link ProcessFacts#probeFailed} of kind {@code liveness} or {@code memory}.
     */
    default void watchHealth(long workerId, long pid, ProbeSpec liveness, Integer appPort, Integer maxMemoryMb) {
    }

    /** The worker is gone: stop every check of it. */
    default void release(long workerId) {
        cancel(workerId);
    }

}
