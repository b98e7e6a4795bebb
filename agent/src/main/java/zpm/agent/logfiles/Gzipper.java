package zpm.agent.logfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses rotated files on a thread of its own at the lowest priority, off the writing path:
 * the writer only hands over a {@link GzipJob}. The plain {@code .N} stays until its
 * {@code .N.gz} is complete (written beside it under a hidden temporary name, then renamed), so a
 * reader finds every line in one or the other.
 */
final class Gzipper {

    private static final Logger log = LoggerFactory.getLogger(Gzipper.class);

    private final LinkedBlockingQueue<GzipJob> jobs = new LinkedBlockingQueue<>();
    private Thread thread;
    private volatile boolean closed;
    private volatile boolean busy;

    synchronized void submit(GzipJob job) {
        if (closed) {
            return; // the next agent compresses what is left plain (LogFile.leftUncompressed)
        }
        jobs.add(job);
        if (thread == null) {
            thread = new Thread(this::run, "zpm-log-gzip");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    /** Whether no job is waiting or running (for tests). */
    boolean idle() {
        return jobs.isEmpty() && !busy;
    }

    private void run() {
        while (!closed) {
            GzipJob job;
            try {
                job = jobs.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (job == null) {
                continue;
            }
            busy = true;
            try {
                compress(job);
            } catch (IOException | RuntimeException e) {
                log.warn("log file not compressed, left plain: file={} error={}", job.file.path, e.toString());
                synchronized (job.file.lock) {
                    job.file.pending.remove(job);
                }
            } finally {
                busy = false;
            }
        }
    }

    private static void compress(GzipJob job) throws IOException {
        LogFile f = job.file;
        Path tmp = f.path.resolveSibling("." + f.path.getFileName() + ".gz-" + System.nanoTime() + ".tmp");
        FileChannel in;
        synchronized (f.lock) {
            if (job.cancelled) {
                return;
            }
            in = FileChannel.open(f.rotated(job.index, false), StandardOpenOption.READ);
        }
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (InputStream src = Channels.newInputStream(in);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp, StandardOpenOption.WRITE), 65536)) {
            src.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        synchronized (f.lock) {
            f.pending.remove(job);
            if (job.cancelled) {
                Files.deleteIfExists(tmp);
                return;
            }
            Files.move(tmp, f.rotated(job.index, true), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(f.rotated(job.index, false));
        }
    }

    void close() {
        closed = true;
    }
}
