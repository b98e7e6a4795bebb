package zpm.protocol.event;

/**
 * The worker an event is about.
 *
 * @param id   unique in the agent's life, one per fork
 * @param slot 0..size-1, kept across restarts
 * @param pid  the OS process id, or null before the fork succeeded
 */
public record WorkerRef(long id, int slot, Long pid) {
}
