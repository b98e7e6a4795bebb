package zpm.agent.logfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.OutputLine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One app's stream across its files, newest first: the live file, then {@code .1} (or
 * {@code .1.gz}), {@code .2}, ... Every file is opened at once, before any is read: a rotation
 * during the reading renames and compresses files, but what is open stays what it was, so no line
 * is read twice or missed. Each is read only when the newer ones did not give enough lines, and
 * none after a line older than {@code since}.
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
    /** The generations' open files, in order; null once handed to a reader, or when missing. */
    private final List<Closeable> handles = new ArrayList<>();
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

    /** Opens every generation's file (blocking); {@link #close} closes what is left. */
    void openAllBlocking() {
        for (Generation g : generations) {
            handles.add(openHandle(g));
        }
    }

    private static Closeable openHandle(Generation g) {
        if (g.plain() != null) {
            try {
                return FileChannel.open(g.plain(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                // compressed since the directory was listed: the .gz has it
            } catch (IOException e) {
                log.warn("log file unreadable file={} error={}", g.plain(), e.toString());
                return null;
            }
        }
        if (g.gzip() != null) {
            try {
                return Files.newInputStream(g.gzip());
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                log.warn("log file unreadable file={} error={}", g.gzip(), e.toString());
            }
        }
        return null;
    }

    private boolean openNext() {
        while (current == null) {
            if (reachedSince || yielded >= lines || next >= handles.size()) {
                return false;
            }
            current = reader(handles.set(next++, null));
        }
        return true;
    }

    /** A reader of the open file, which it then owns; null when the file is missing or unreadable. */
    private FileTail reader(Closeable handle) {
        if (handle == null) {
            return null;
        }
        int cap = lines - yielded + filter.cover().boundaryLines();
        try {
            return handle instanceof FileChannel ch
                    ? new PlainTail(BackwardLines.of(ch, bytesRead), app, stream, filter, cap)
                    : new GzipTail(ForwardLines.gzip((InputStream) handle, bytesRead), app, stream, filter, cap);
        } catch (IOException e) {
            log.warn("log file unreadable app={} stream={} error={}", app, stream, e.toString());
            closeQuietly(handle);
            return null;
        }
    }

    private void closeCurrent() {
        closeQuietly(current);
        current = null;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            log.debug("closing a log file failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (current != null) {
            closeCurrent();
        }
        handles.stream().filter(h -> h != null).forEach(LogChain::closeQuietly);
        handles.clear();
    }
}
