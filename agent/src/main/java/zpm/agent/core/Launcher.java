package zpm.agent.core;

/**
 * The OS seam: starts and signals worker processes. Calls never block the caller; what happens
 * comes back as facts on {@link ProcessFacts}, on the core's thread.
 */
public interface Launcher {

    /** Starts a process; later {@link ProcessFacts#spawned} or {@link ProcessFacts#spawnFailed}. */
    void spawn(SpawnRequest request);

    /** Sends a signal to the worker's main process. Does nothing for an unknown or ended worker. */
    void signal(long workerId, Signal signal);

    /** SIGKILL to the worker's whole process tree, now. */
    void killTree(long workerId);
}
