package zpm.agent.core;

/** Timers for the core. Tasks run on the core's own thread, one at a time. */
public interface Scheduler {

    Timer schedule(long delayMs, Runnable task);

    /** A pending task; cancelling a fired or cancelled timer does nothing. */
    interface Timer {
        void cancel();
    }
}
