package zpm.agent.os;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** What {@link OsLauncher} holds for one started process until its exit fact is delivered. */
final class RunningWorker {

    final long workerId;
    final String app;
    final Process process;
    final long pid;
    /** /proc start time, or -1 when the process was already reaped when we looked. */
    final long startTime;
    /** The worker leads its own process group and session, both with id {@link #pid}. */
    final boolean ownGroup;
    /** Completes when both output readers reached the end of their pipe. */
    final CompletableFuture<Void> outputDone;
    /** Completes once the exit fact has been handed to the facts executor. */
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Descendants seen while the worker lived (by killTree): ended after it exits. */
    final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();

    RunningWorker(long workerId, String app, Process process, long startTime, boolean ownGroup,
                  CompletableFuture<Void> outputDone) {
        this.workerId = workerId;
        this.app = app;
        this.process = process;
        this.pid = process.pid();
        this.startTime = startTime;
        this.ownGroup = ownGroup;
        this.outputDone = outputDone;
    }

    @Override
    public String toString() {
        return "app=" + app + " worker=" + workerId + " pid=" + pid;
    }
}
