package zpm.agent.os;

/**
 * A process left behind by an earlier agent: a recorded worker still running, or a process of a
 * recorded worker's group or session that started no earlier than the worker.
 *
 * @param pid       the process
 * @param startTime its /proc start time (re-checked just before the kill)
 * @param comm      its command name, for the log
 * @param workerId  the recorded worker it belongs to
 * @param app       that worker's app
 * @param reason    "worker" (the recorded process itself) or "group" (a descendant left behind)
 */
public record StaleProcess(long pid, long startTime, String comm, long workerId, String app, String reason) {
}
