package zpm.examples.workers;

import zpm.protocol.worker.ZpmWorker;

/**
 * Who this example worker is: id and slot from the agent's environment (-1 when run alone,
 * outside zpm), and the OS pid.
 *
 * @param id   {@code ZPM_WORKER_ID}: unique per fork in the agent's life
 * @param slot {@code ZPM_WORKER_SLOT}: 0..size-1, kept across restarts
 * @param pid  this process
 */
record WorkerIdentity(long id, int slot, long pid) {

    static WorkerIdentity current() {
        ZpmWorker worker = ZpmWorker.current();
        return new WorkerIdentity(worker.id(), worker.slot(), ProcessHandle.current().pid());
    }

    /**
     * The line every example prints once it is up, e.g.
     * {@code hello worker id=3 slot=1 pid=1234 port=8080}. Tests and people wait for it.
     *
     * @param port the port the worker listens on, or null when it has none
     */
    String startLine(Integer port) {
        String line = "hello worker id=" + id + " slot=" + slot + " pid=" + pid;
        return port == null ? line : line + " port=" + port;
    }
}
