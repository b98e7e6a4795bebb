package zpm.agent.core;

import java.util.Map;

/** What the OS layer and the probes report back to the core. Called on the core's thread. */
public interface ProcessFacts {

    void spawned(long workerId, long pid);

    void spawnFailed(long workerId, String error);

    void exited(long workerId, ExitStatus status);

    /** The worker's process tree listens on its app's port (once per worker). */
    default void listening(long workerId, int port) {
    }

    /**
     * The worker sent an sd_notify message on its NOTIFY_SOCKET: {@code READY=1},
     * {@code STATUS=...}, {@code WATCHDOG=1}, {@code STOPPING=1}, ... (one map per datagram).
     */
    default void notified(long workerId, Map<String, String> message) {
    }

    /**
     * The worker, exiting young, could not have its app's port: another process holds it
     * ({@code why} names it). Comes just before the worker's exit.
     */
    default void portHeld(long workerId, String why) {
    }

    /** The readiness check passed. */
    void ready(long workerId);

    /** A readiness or liveness check failed; {@code fatal} when the worker must be replaced. */
    void probeFailed(long workerId, String kind, String error, boolean fatal);
}
