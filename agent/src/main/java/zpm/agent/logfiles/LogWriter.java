package zpm.agent.logfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.AppSpec;
import zpm.agent.logfiles.LineEncoder.AgentLine;
import zpm.agent.os.LineBatch;
import zpm.agent.os.OutputBacklog;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes every worker line to {@code <dir>/<app>.out.log} / {@code <app>.err.log} (and the agent's
 * own log to {@code agent.log}) from one thread of its own. {@link #write} is called on the io
 * thread that read the line: it only queues (no lock, no I/O), so a slow or broken disk never
 * holds up reading a worker's pipe, nor supervision. The queue is bounded in bytes
 * ({@link #backlogBytes()}, which the io loop may use to stop reading a worker that floods); the
 * writer drains it in batches, one write call per file per batch, files kept open.
 *
 * <p>Never a hostage: when a write fails (full disk, read-only or removed directory) the lines are
 * counted as unwritten (they stay in memory, in {@code WorkerLogs}), nothing is queued for a
 * while, {@link Listener#unwritable} is told once for the failure period, and every second the
 * writer tries again (making the directory again if it is gone); {@link Listener#resumed} when a
 * write succeeds.
 */
public final class LogWriter implements AutoCloseable, OutputBacklog {

    /** What the agent reports: events {@code logs-unwritable} and {@code logs-resumed}. Writer thread. */
    public interface Listener {
        void unwritable(String path, String error, long unwritten);

        void resumed(String path, long unwritten);

        Listener NONE = new Listener() {
            @Override
            public void unwritable(String path, String error, long unwritten) {
            }

            @Override
            public void resumed(String path, long unwritten) {
            }
        };
    }

    /** The queue's bound: past it a line is counted as unwritten rather than queued. */
    public static final long DEFAULT_MAX_BACKLOG_BYTES = 8L * 1024 * 1024;
    /** Bytes a queued entry is counted for beyond its text: the entry itself. */
    static final int LINE_OVERHEAD = 64;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int BATCH_BYTES = 256 * 1024;
    public static final String AGENT_LOG = "agent.log";

    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);

    private final Path dir;
    private final Listener listener;
    private final long maxBacklog;
    private final LogFiles logFiles;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    /** Who waits for the backlog to fall below a mark (the output gate); at most one at a time. */
    private final AtomicReference<BelowWaiter> belowWaiter = new AtomicReference<>();
    private final AtomicLong unwritten = new AtomicLong();
    /** Entries ever queued; the writer thread alone counts those it took ({@link #taken}). */
    private final AtomicLong queued = new AtomicLong();
    private long taken;
    private final ConcurrentLinkedQueue<Flush> flushes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Integer>> reopens = new ConcurrentLinkedQueue<>();
    private final DirectorySize directorySize;
    private final Thread thread;
    private volatile boolean sleeping;
    private volatile boolean closed;
    /** While true, lines are counted as unwritten, not queued: writing failed less than a second ago. */
    private volatile boolean refusing;
    /** The last write error, or null while writing works. */
    private volatile String error;
    /** Writer thread: in a failure period (from the first failed write to the next good one). */
    private boolean failed;
    private long retryAtNanos;
    private long checkAtNanos;

    public LogWriter(Path dir, Rotation agentRotation, Listener listener) {
        this(dir, agentRotation, listener, Clock.systemUTC(), DEFAULT_MAX_BACKLOG_BYTES);
    }

    /** For tests: {@code clock} decides the day for daily rotation and the agent log's times. */
    LogWriter(Path dir, Rotation agentRotation, Listener listener, Clock clock, long maxBacklog) {
        this.dir = dir.toAbsolutePath().normalize();
        this.listener = listener;
        this.maxBacklog = maxBacklog;
        this.logFiles = new LogFiles(this.dir, agentRotation, clock);
        this.directorySize = new DirectorySize(this.dir);
        this.thread = new Thread(this::run, "zpm-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The log directory. */
    public Path dir() {
        return dir;
    }

    /** An app's files rotate by its {@code logs} over the agent's settings (any thread). */
    public void configureApp(String app, AppSpec.LogRotation over) {
        logFiles.configureApp(app, over);
    }

    /** The rotation in force for an app's files. */
    public Rotation rotationOf(String app) {
        return logFiles.rotationOf(app);
    }

    /**
     * Queues a read of a worker's lines for its file. Never blocks, never throws: called on the io
     * thread. Lines that find writing failing, or the queue full, are counted as unwritten.
     */
    public void write(LineBatch lines) {
        if (!offer(lines, bytesOf(lines))) {
            unwritten.addAndGet(lines.count());
        }
    }

    /** Queues a line of the agent's own log ({@code agent.log}); dropped while writing fails. */
    public void writeAgentLine(String text) {
        offer(logFiles.agentLine(text), text.length() + LINE_OVERHEAD);
    }

    private boolean offer(Object entry, long bytes) {
        if (refusing || closed || backlog.get() + bytes > maxBacklog) {
            return false;
        }
        backlog.addAndGet(bytes);
        queue.add(entry);
        queued.incrementAndGet();
        if (sleeping) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Bytes queued and not written yet (an estimate: characters plus a fixed overhead per line),
     * at most about {@link #DEFAULT_MAX_BACKLOG_BYTES}. Any thread, cheap: one volatile read.
     */
    @Override
    public long backlogBytes() {
        return backlog.get();
    }

    private record BelowWaiter(long bytes, Runnable then) {
    }

    @Override
    public void whenBelow(long bytes, Runnable then) {
        belowWaiter.set(new BelowWaiter(bytes, then));
        tellBelow(); // it may have drained meanwhile
    }

    /** Any thread: runs the waiter once the backlog is below its mark. */
    private void tellBelow() {
        BelowWaiter w = belowWaiter.get();
        if (w != null && backlog.get() < w.bytes() && belowWaiter.compareAndSet(w, null)) {
            w.then().run();
        }
    }

    /** Worker lines not written to their file since this writer started. */
    public long unwritten() {
        return unwritten.get();
    }

    /** The last write error, e.g. {@code No space left on device (/var/log/zpm/web.out.log)}; null while writing works. */
    public String error() {
        return error;
    }

    /** Blocking: the directory's total bytes, measured at most every few seconds. */
    public long bytesBlocking() {
        return directorySize.bytesBlocking();
    }

    /**
     * Closes every open file and opens it again at its path (after an external logrotate moved
     * it away). Completes on the writer thread with the number of files reopened.
     */
    public CompletableFuture<Integer> reopen() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        reopens.add(done);
        LockSupport.unpark(thread);
        if (closed || !thread.isAlive()) {
            reopens.remove(done); // nobody left to answer it (the thread answers what it took)
            done.complete(0);
        }
        return done;
    }

    /** A wait for every line queued so far to be written (or counted unwritten). */
    private record Flush(long upTo, CompletableFuture<Void> done) {
    }

    /**
     * Completes, on the writer thread, once every line queued before the call is in its file
     * (or was counted unwritten): a reader of the files then misses nothing that memory let go.
     */
    public CompletableFuture<Void> flushed() {
        Flush f = new Flush(queued.get(), new CompletableFuture<>());
        flushes.add(f);
        LockSupport.unpark(thread);
        if (closed || !thread.isAlive()) {
            flushes.remove(f);
            f.done().complete(null);
        }
        return f.done();
    }

    private void answerFlushes() {
        boolean all = queue.isEmpty(); // dropped while failing counts as done too
        for (Iterator<Flush> it = flushes.iterator(); it.hasNext(); ) {
            Flush f = it.next();
            if (all || f.upTo() <= taken) {
                it.remove();
                f.done().complete(null);
            }
        }
    }

    /** Writes what is queued, closes the files and stops the thread (waits at most a few seconds). */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether nothing is queued or being compressed (for tests). */
    boolean idle() {
        return queue.isEmpty() && backlog.get() == 0 && logFiles.compressed();
    }

    // ------------------------------------------------------------------ the writer thread

    private void run() {
        try {
            while (true) {
                long now = System.nanoTime();
                answerReopens();
                if (refusing && now - retryAtNanos >= 0) {
                    refusing = false; // try again: the next lines are queued, and written if the disk lets us
                }
                if (now - checkAtNanos >= 0) {
                    logFiles.closeMovedFiles();
                    checkAtNanos = now + CHECK_NANOS;
                }
                int drained = drainOnce();
                taken += drained;
                answerFlushes();
                if (drained == 0) {
                    if (closed && queue.isEmpty()) {
                        break;
                    }
                    sleep();
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("log writer stopped: {}", e.toString());
            refusing = true;
            error = "log writer stopped: " + e;
        } finally {
            logFiles.closeAll();
            CompletableFuture<Integer> r;
            while ((r = reopens.poll()) != null) {
                r.complete(0);
            }
            flushes.forEach(f -> f.done().complete(null));
        }
    }

    private void sleep() {
        sleeping = true;
        if (queue.isEmpty() && reopens.isEmpty() && flushes.isEmpty() && !closed) {
            LockSupport.parkNanos(this, CHECK_NANOS);
        }
        sleeping = false;
    }

    /** Takes up to {@link #BATCH_BYTES} of lines, grouped by file in order, and writes each group. */
    private int drainOnce() {
        Map<LogFile, List<Object>> groups = new LinkedHashMap<>();
        long taken = 0;
        int count = 0;
        Object e;
        while (taken < BATCH_BYTES && (e = queue.poll()) != null) {
            taken += bytesOf(e);
            count++;
            groups.computeIfAbsent(logFiles.fileOf(e), f -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<LogFile, List<Object>> g : groups.entrySet()) {
            if (refusing) {
                countUnwritten(g.getValue());
            } else {
                writeGroup(g.getKey(), g.getValue());
            }
        }
        backlog.addAndGet(-taken);
        if (refusing) {
            dropQueued();
        }
        tellBelow();
        return count;
    }

    /** What an entry weighs in the queue: its text, a prefix per line, and the entry. */
    private static long bytesOf(Object e) {
        return e instanceof LineBatch b ? b.textBytes() + (long) b.count() * LogLineFormat.TIMESTAMP_LENGTH + LINE_OVERHEAD
                : ((AgentLine) e).text().length() + LINE_OVERHEAD;
    }

    /** One file's entries: written, or counted as unwritten and the failure period begun. */
    private void writeGroup(LogFile f, List<Object> entries) {
        try {
            logFiles.write(f, entries);
            if (failed) {
                resumed(f);
            }
        } catch (LogFiles.WriteFailed e) {
            unwritten.addAndGet(e.unwritten);
            failed(e.file, e.io());
        }
    }

    private void countUnwritten(List<Object> entries) {
        unwritten.addAndGet(entries.stream().mapToLong(LogFiles::workerLines).sum());
    }

    /** Refusing: what is still queued is counted, not written (it stays in WorkerLogs). */
    private void dropQueued() {
        Object e;
        long n = 0;
        long bytes = 0;
        while ((e = queue.poll()) != null) {
            n += LogFiles.workerLines(e);
            bytes += bytesOf(e);
        }
        unwritten.addAndGet(n);
        backlog.addAndGet(-bytes);
    }

    private void failed(LogFile f, IOException e) {
        refusing = true;
        retryAtNanos = System.nanoTime() + RETRY_NANOS;
        String why = f.describe(e);
        error = why;
        if (!failed) {
            failed = true;
            log.warn("log files unwritable, lines kept in memory only: {}", why);
            listener.unwritable(f.path.toString(), why, unwritten.get());
        }
    }

    private void resumed(LogFile f) {
        failed = false;
        error = null;
        log.info("log files writable again: path={} unwritten={}", f.path, unwritten.get());
        listener.resumed(f.path.toString(), unwritten.get());
    }

    private void answerReopens() {
        CompletableFuture<Integer> r = reopens.poll();
        if (r == null) {
            return;
        }
        LogFiles.Reopened done = logFiles.reopenAll();
        if (done.failure() != null) {
            failed(done.failedFile(), done.failure());
        }
        retryAtNanos = System.nanoTime(); // a reopen is a good moment to try a failing disk again
        for (; r != null; r = reopens.poll()) {
            r.complete(done.files());
        }
    }
}
