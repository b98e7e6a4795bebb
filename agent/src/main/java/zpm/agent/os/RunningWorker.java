package zpm.agent.os;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link OsLauncher} holds for one started process until its exit fact is delivered.
 *
 * <p>The worker leads its own session and process group, both with id {@link #pid}. Until it is
 * reaped its pid cannot name another process: signals are sent under this object's lock and
 * only while {@link #reaped} is false, and the io thread reaps under the same lock.
 */
final class RunningWorker {

    final long workerId;
    final int slot;
    final String app;
    final int pid;
    /** /proc start time, or -1 when the process was already gone when we looked. */
    final long startTime;
    /** Completes once the exit fact has been handed to the facts executor. */
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Descendants seen while the worker lived (by killTree): ended after it exits. */
    final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();
    /** The worker's cgroups, which it joined before its command ran (null: process-group tracking only). */
    volatile WorkerCgroups.WorkerGroup group;
    /** The app's port (its PORT), or null: a young exit then asks who holds it. */
    volatile Integer port;
    final long spawnedNanos = System.nanoTime();
    /** Guarded by {@code this}: set once waitpid has collected the process. */
    private boolean reaped;

    RunningWorker(long workerId, int slot, String app, int pid, long startTime) {
        this.workerId = workerId;
        this.slot = slot;
        this.app = app;
        this.pid = pid;
        this.startTime = startTime;
    }

    /** Sends {@code sig} to the worker's process, or its group with {@code group}; false once reaped. */
    synchronized boolean signal(int sig, boolean group) {
        return !reaped && Kill.kill(group ? -pid : pid, sig);
    }

    synchronized boolean reaped() {
        return reaped;
    }

    /** Collects the exited process; returns its raw wait status. */
    synchronized int reap() {
        int[] status = new int[1];
        LibC.waitpid(pid, status, LibC.WNOHANG);
        reaped = true;
        return status[0];
    }

    @Override
    public String toString() {
        return "app=" + app + " worker=" + workerId + " pid=" + pid;
    }
}
