package zpm.agent.os;

import com.sun.jna.LastErrorException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output pipe of a worker, on the io thread: non-blocking reads until EAGAIN, cut into lines;
 * at EOF (or {@link #close}) the last partial line is kept and {@code onClosed} runs once.
 */
final class OutputPipe {

    private static final Logger log = LoggerFactory.getLogger(OutputPipe.class);

    private final int fd;
    private final IoLoop io;
    /** The io thread's one read buffer, shared by every pipe it reads. */
    private final byte[] buffer;
    private final Object owner;
    private final LineSplitter lines;
    private final Runnable onClosed;
    private boolean open = true;

    /**
     * @param owner    names the worker in the log
     * @param onLine   each complete (or cut) line
     * @param onClosed after EOF or close, once
     */
    OutputPipe(int fd, IoLoop io, byte[] buffer, Object owner, Consumer<String> onLine, Runnable onClosed) {
        this.fd = fd;
        this.io = io;
        this.buffer = buffer;
        this.owner = owner;
        this.lines = new LineSplitter(LineSplitter.DEFAULT_MAX_LINE_BYTES, onLine);
        this.onClosed = onClosed;
    }

    boolean isOpen() {
        return open;
    }

    void read() {
        while (open) {
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
            lines.feed(buffer, 0, (int) n);
        }
    }

    void close() {
        if (open) {
            open = false;
            io.unwatch(fd);
            NativeSpawn.closeAll(fd);
            lines.end();
            onClosed.run();
        }
    }
}
