package zpm.agent.os;

import com.sun.jna.LastErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output pipe of a worker, on the io thread, cut into lines; at EOF (or {@link #close}) the
 * last partial line is kept and {@code onClosed} runs once.
 *
 * <p>Each wake-up reads at most one buffer (64 KiB, a default pipe's whole capacity) and returns:
 * a worker writing as fast as it can refills its pipe faster than the agent cuts it into lines,
 * so reading until EAGAIN could hold the io thread on one pipe for seconds while other workers'
 * lines and every exit wait. The epoll is level-triggered: a pipe with data left is reported again
 * by the next epoll_wait, after the other ready fds (see {@link IoLoop}).
 */
final class OutputPipe {

    /** Reads after the worker's exit before leaving the rest to the watch: 1 MiB covers a full pipe. */
    static final int READS_AFTER_EXIT = 16;

    /** Receives the complete (or cut) lines of each read, with the moment (epoch ms) their bytes were read. */
    @FunctionalInterface
    interface LineSink {
        void lines(long readAtMs, byte[] bytes, int[] starts, int[] ends);
    }

    private static final Logger log = LoggerFactory.getLogger(OutputPipe.class);

    private final int fd;
    private final IoLoop io;
    /** The io thread's one read buffer, shared by every pipe it reads. */
    private final byte[] buffer;
    private final Object owner;
    private final LineSplitter lines;
    private final OutputGate gate;
    private final Runnable onClosed;
    private boolean open = true;
    private boolean watched;
    /** When the bytes being cut were read, in epoch milliseconds (as the files write it): one clock read per read(2). */
    private long readAtMs;

    /**
     * @param owner    names the worker in the log
     * @param gate     pauses reading while the output's backlog is high
     * @param onLines  the complete (or cut) lines of each read
     * @param onClosed after EOF or close, once
     */
    OutputPipe(int fd, IoLoop io, byte[] buffer, Object owner, OutputGate gate, LineSink onLines, Runnable onClosed) {
        this.fd = fd;
        this.io = io;
        this.buffer = buffer;
        this.owner = owner;
        this.gate = gate;
        this.lines = new LineSplitter(LineSplitter.DEFAULT_MAX_LINE_BYTES,
                (bytes, starts, ends) -> onLines.lines(readAtMs, bytes, starts, ends));
        this.onClosed = onClosed;
    }

    boolean isOpen() {
        return open;
    }

    /** Starts reading, under the gate. */
    void start() {
        gate.add(this);
    }

    /** Stops watching the pipe (the gate closed); what the worker writes waits in the pipe. */
    void pause() {
        if (open && watched) {
            io.unwatch(fd);
            watched = false;
        }
    }

    /** Watches the pipe again: each wake-up reads one buffer. */
    void resume() {
        if (open && !watched) {
            watched = true;
            io.watch(fd, bits -> read(1));
        }
    }

    /** The worker exited: read what it left now, whatever the gate says, and watch the rest. */
    void readAfterExit() {
        gate.release(this);
        read(READS_AFTER_EXIT);
    }

    /** At most {@code maxReads} reads of one buffer each; stops early at EAGAIN or EOF. */
    void read(int maxReads) {
        for (int i = 0; i < maxReads && open; i++) {
            long n;
            try {
                n = LibC.read(fd, buffer, buffer.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN) {
                    return;
                }
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                log.debug("{} read failed errno={}", owner, e.getErrorCode());
                n = 0;
            }
            if (n == 0) {
                close();
                return;
            }
            readAtMs = System.currentTimeMillis();
            lines.feed(buffer, 0, (int) n);
            gate.afterRead();
        }
    }

    void close() {
        if (open) {
            open = false;
            gate.release(this); // no longer open: not watched again
            if (watched) {
                io.unwatch(fd);
                watched = false;
            }
            NativeSpawn.closeAll(fd);
            readAtMs = System.currentTimeMillis();
            lines.end();
            onClosed.run();
        }
    }
}
