package zpm.agent.os;

/**
 * How many bytes of worker output have been read but not yet written where they go (the log
 * files). While it is above {@link OutputGate#HIGH_WATER} the launcher stops reading workers'
 * pipes, until it falls below {@link OutputGate#LOW_WATER}. Called on the io thread after every
 * read: it must be cheap and must not block (an atomic read).
 */
@FunctionalInterface
public interface OutputBacklog {

    /** No backlog ever: output is read as fast as workers write it (memory only, no files). */
    OutputBacklog NONE = () -> 0;

    long backlogBytes();

    /**
     * Runs {@code then} once, on any thread, as soon as the backlog is below {@code bytes}, so that
     * reading resumes the moment the files took what was waiting (the gate also checks every few
     * ms, for a backlog that cannot tell). Quick, never blocking: it only hands a task on.
     */
    default void whenBelow(long bytes, Runnable then) {
    }
}
