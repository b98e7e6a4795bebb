package zpm.agent.logfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.OutputLine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One app's stream across its files, newest first: the live file, then {@code .1} (or
 * {@code .1.gz}), {@code .2}, ... Each file is opened only when the newer ones did not give
 * enough lines, and none after a line older than {@code since}.
 */
final class LogChain implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(LogChain.class);

    /**
     * One generation: the plain file, and the compressed one. While the compressor works both may
     * exist; the plain one is read (it is complete, the .gz may not be yet), and the .gz only when
     * the plain one is gone, so no line comes twice.
     */
    record Generation(Path plain, Path gzip) {
    }

    private final String app;
    private final String stream;
    private final List<Generation> generations;
    private final LineFilter filter;
    private final int lines;
    private final AtomicLong bytesRead;
    private int next;
    private int yielded;
    private boolean reachedSince;
    private FileTail current;

    LogChain(String app, String stream, List<Generation> generations, LineFilter filter, int lines,
             AtomicLong bytesRead) {
        this.app = app;
        this.stream = stream;
        this.generations = generations;
        this.filter = filter;
        this.lines = lines;
        this.bytesRead = bytesRead;
    }

    /** The next older line, or null. */
    OutputLine nextBlocking() {
        while (true) {
            if (current == null && !openNext()) {
                return null;
            }
            OutputLine line = read();
            if (line == null) {
                reachedSince |= current.reachedSince();
                closeCurrent();
            } else if (!filter.cover().skipsAtBoundary(line)) {
                yielded++;
                return line;
            }
        }
    }

    private OutputLine read() {
        try {
            return current.next();
        } catch (IOException e) {
            log.warn("log file unreadable app={} stream={} error={}", app, stream, e.toString());
            return null;
        }
    }

    private boolean openNext() {
        while (current == null) {
            if (reachedSince || yielded >= lines || next >= generations.size()) {
                return false;
            }
            current = open(generations.get(next++));
        }
        return true;
    }

    private FileTail open(Generation g) {
        int cap = lines - yielded + filter.cover().boundaryLines();
        if (g.plain() != null) {
            try {
                return new PlainTail(BackwardLines.open(g.plain(), bytesRead), app, stream, filter, cap);
            } catch (NoSuchFileException e) {
                // rotated or compressed since the directory was listed: the .gz, if any, has it
            } catch (IOException e) {
                log.warn("log file unreadable file={} error={}", g.plain(), e.toString());
                return null;
            }
        }
        if (g.gzip() != null) {
            try {
                return new GzipTail(ForwardLines.openGzip(g.gzip(), bytesRead), app, stream, filter, cap);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                log.warn("log file unreadable file={} error={}", g.gzip(), e.toString());
            }
        }
        return null;
    }

    private void closeCurrent() {
        try {
            current.close();
        } catch (IOException e) {
            log.debug("closing a log file failed: {}", e.toString());
        }
        current = null;
    }

    @Override
    public void close() {
        if (current != null) {
            closeCurrent();
        }
    }
}
