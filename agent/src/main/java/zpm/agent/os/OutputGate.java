package zpm.agent.os;

import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-pressure from where output goes (the log files) to the workers that write it, on the io
 * thread. When the {@link OutputBacklog} passes {@link #HIGH_WATER}, every live worker's pipes are
 * unwatched (their pidfds stay watched: exits are still seen at once); the backlog is checked
 * again every {@link #RECHECK_MS} and reading resumes below {@link #LOW_WATER}. A worker that
 * keeps writing meanwhile fills its pipe and blocks in write(2), as behind any slow reader.
 *
 * <p>Pausing, not dropping: while the disk takes lines, however slowly, none may be lost (issue
 * 13: zero lines lost when the disk is not full), and the agent's memory must stay bounded; the
 * pipe is the one buffer that costs the agent nothing. A disk that fails does not pause anyone:
 * the file writer then counts the lines it cannot write instead of queueing them, so its backlog
 * stays low. A worker that exits is released from the gate: what it left in its pipes is read
 * (and its partial last line kept) before its exit is reported.
 */
final class OutputGate {

    /**
     * Low marks keep the agent's heap small under a flood (what waits for the disk is live data
     * that every young collection copies); the writer is told to wake the gate the moment it
     * drained to {@link #LOW_WATER}, so it never waits for a worker's next read.
     */
    static final long HIGH_WATER = 1L << 20;
    static final long LOW_WATER = 512L << 10;
    /** The fallback check (one atomic read) on the io thread, for a backlog that does not wake the gate. */
    static final long RECHECK_MS = 5;

    private static final Logger log = LoggerFactory.getLogger(OutputGate.class);

    private final IoLoop io;
    private final OutputBacklog backlog;
    /** Pipes of live workers, open and under the gate; io thread only. */
    private final Set<OutputPipe> pipes = new LinkedHashSet<>();
    /** Written on the io thread; volatile for {@link OsLauncher#outputPaused()}. */
    private volatile boolean paused;
    private long pausedAtNanos;
    private long pauses;

    OutputGate(IoLoop io, OutputBacklog backlog) {
        this.io = io;
        this.backlog = backlog;
    }

    /** Puts a new pipe under the gate: it is read now, or once the gate opens. */
    void add(OutputPipe pipe) {
        pipes.add(pipe);
        if (!paused) {
            pipe.resume();
        }
    }

    /** Takes a pipe out from under the gate (closed, or its worker exited) and reads it from now on. */
    void release(OutputPipe pipe) {
        pipes.remove(pipe);
        pipe.resume();
    }

    /** After each read: closes the gate when the backlog passed the high-water mark. */
    void afterRead() {
        if (!paused && backlog.backlogBytes() > HIGH_WATER) {
            paused = true;
            pausedAtNanos = System.nanoTime();
            pauses++;
            pipes.forEach(OutputPipe::pause);
            log.debug("output paused backlogBytes={} pipes={} pauses={}", backlog.backlogBytes(), pipes.size(), pauses);
            long pause = pauses;
            backlog.whenBelow(LOW_WATER, () -> io.execute(() -> {
                if (paused && pauses == pause) {
                    recheck();
                }
            }));
            io.schedule(RECHECK_MS, () -> {
                if (paused && pauses == pause) {
                    recheck();
                }
            });
        }
    }

    boolean isPaused() {
        return paused;
    }

    private void recheck() {
        long bytes = backlog.backlogBytes();
        if (bytes >= LOW_WATER) {
            long pause = pauses;
            io.schedule(RECHECK_MS, () -> {
                if (paused && pauses == pause) {
                    recheck();
                }
            });
            return;
        }
        paused = false;
        pipes.forEach(OutputPipe::resume);
        log.debug("output resumed backlogBytes={} pausedMs={}", bytes, (System.nanoTime() - pausedAtNanos) / 1_000_000);
    }
}
