package zpm.agent.os;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last lines of every worker, in memory, bounded: per worker by line count and by bytes
 * (a worker printing 16 KiB lines must not hold 16 MB), and across workers by keeping only the
 * most recent ended workers. Thread safe: the launcher's io thread appends while RPC
 * threads read tails.
 *
 * <p>Lines are kept as they were read, in {@link LineBatch}es (the oldest one possibly in part),
 * and decoded only when asked for: a flood costs a few objects per read, not one per line.
 * Listeners of decoded lines cost a decoding per line while there are any; batch listeners (the
 * log files) get the batches as they are.
 */
public final class WorkerLogs {

    public static final int DEFAULT_LINES_PER_WORKER = 1000;
    public static final int DEFAULT_BYTES_PER_WORKER = 256 * 1024;
    public static final int DEFAULT_ENDED_KEPT = 256;

    private static final Logger log = LoggerFactory.getLogger(WorkerLogs.class);

    private final int linesPerWorker;
    private final int bytesPerWorker;
    private final int endedKept;
    private final Map<Long, Ring> rings = new ConcurrentHashMap<>();
    /** Ended workers, oldest first; guarded by itself. */
    private final LinkedHashSet<Long> ended = new LinkedHashSet<>();
    private final List<Consumer<OutputLine>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<LineBatch>> batchListeners = new CopyOnWriteArrayList<>();

    public WorkerLogs() {
        this(DEFAULT_LINES_PER_WORKER, DEFAULT_BYTES_PER_WORKER, DEFAULT_ENDED_KEPT);
    }

    public WorkerLogs(int linesPerWorker, int bytesPerWorker, int endedKept) {
        if (linesPerWorker < 1 || bytesPerWorker < 1 || endedKept < 0) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.linesPerWorker = linesPerWorker;
        this.bytesPerWorker = bytesPerWorker;
        this.endedKept = endedKept;
    }

    /** Opens a worker's buffer. Lines of a worker never started (or long forgotten) are not kept. */
    public void started(long workerId, String app) {
        rings.putIfAbsent(workerId, new Ring(app));
    }

    /** Keeps the lines (when their worker has a buffer) and hands them to every listener. */
    public void append(LineBatch lines) {
        Ring ring = rings.get(lines.workerId());
        if (ring != null) {
            ring.add(lines, linesPerWorker, bytesPerWorker);
        }
        for (Consumer<LineBatch> l : batchListeners) {
            try {
                l.accept(lines);
            } catch (RuntimeException e) {
                log.warn("log listener failed worker={} error={}", lines.workerId(), e.toString());
            }
        }
        if (!listeners.isEmpty()) {
            for (int i = 0; i < lines.count(); i++) {
                OutputLine line = lines.line(i);
                for (Consumer<OutputLine> l : listeners) {
                    try {
                        l.accept(line);
                    } catch (RuntimeException e) {
                        log.warn("log listener failed worker={} error={}", line.workerId(), e.toString());
                    }
                }
            }
        }
    }

    /** One line (tests, and lines that do not come from a pipe). */
    public void append(OutputLine line) {
        append(LineBatch.of(line, line.seq()));
    }

    /** The worker ended: its buffer stays readable until {@code endedKept} newer ones ended. */
    public void ended(long workerId) {
        synchronized (ended) {
            ended.remove(workerId);
            ended.add(workerId);
            Iterator<Long> oldest = ended.iterator();
            while (ended.size() > endedKept) {
                rings.remove(oldest.next());
                oldest.remove();
            }
        }
    }

    /** The last {@code n} lines of a worker, oldest first; empty when unknown. */
    public List<OutputLine> tail(long workerId, int n) {
        Ring ring = rings.get(workerId);
        return ring == null ? List.of() : ring.tail(n);
    }

    /** The last {@code n} lines of an app's workers (live and recently ended), merged by time. */
    public List<OutputLine> tailOfApp(String app, int n) {
        List<OutputLine> all = new ArrayList<>();
        for (Ring ring : rings.values()) {
            if (ring.app.equals(app)) {
                all.addAll(ring.tail(n));
            }
        }
        // stable sort: lines of one worker with equal timestamps keep their order
        all.sort(Comparator.comparing(OutputLine::ts));
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * Calls {@code listener} with every line from now on, on the io thread that read it: it
     * must be quick and must not block (hop to an event loop or a bounded queue).
     */
    public void addListener(Consumer<OutputLine> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<OutputLine> listener) {
        listeners.remove(listener);
    }

    /** Calls {@code listener} with every read of lines from now on, undecoded, on the io thread: quick, never blocking. */
    public void addBatchListener(Consumer<LineBatch> listener) {
        batchListeners.add(listener);
    }

    /** Number of workers whose lines are held (live and kept ended). */
    public int bufferCount() {
        return rings.size();
    }

    private static final class Ring {
        final String app;
        private final ArrayDeque<LineBatch> batches = new ArrayDeque<>();
        /** Lines of the oldest batch no longer kept. */
        private int skip;
        private int lines;
        /** Bytes of the lines kept (the oldest batch from its first kept line on). */
        private long bytes;

        Ring(String app) {
            this.app = app;
        }

        synchronized void add(LineBatch b, int maxLines, int maxBytes) {
            if (b.count() == 0) {
                return;
            }
            batches.addLast(b);
            lines += b.count();
            bytes += b.textBytes();
            // keep at least the newest line even when it alone is over the byte bound
            while (lines > 1 && (lines > maxLines || bytes > maxBytes)) {
                LineBatch first = batches.peekFirst();
                int kept = first.count() - skip;
                int drop = lines > maxLines ? Math.min(kept, lines - maxLines) : 1;
                if (drop == kept) {
                    batches.removeFirst();
                    bytes -= first.textBytes() - first.start(skip);
                    skip = 0;
                } else {
                    bytes -= first.start(skip + drop) - first.start(skip);
                    skip += drop;
                }
                lines -= drop;
            }
        }

        synchronized List<OutputLine> tail(int n) {
            if (n <= 0) {
                return List.of();
            }
            List<OutputLine> out = new ArrayList<>(Math.min(n, lines));
            LineBatch oldest = batches.peekFirst();
            Iterator<LineBatch> it = batches.descendingIterator();
            while (it.hasNext() && out.size() < n) {
                LineBatch b = it.next();
                int from = b == oldest ? skip : 0;
                for (int i = b.count() - 1; i >= from && out.size() < n; i--) {
                    out.add(b.line(i));
                }
            }
            Collections.reverse(out);
            return out;
        }
    }
}
