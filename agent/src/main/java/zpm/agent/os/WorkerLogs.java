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
 * The last lines of every worker, in memory, bounded: per worker by line count and by characters
 * (a worker printing 16 KiB lines must not hold 16 MB), and across workers by keeping only the
 * most recent ended workers. Thread safe: the launcher's io thread appends while RPC
 * threads read tails.
 */
public final class WorkerLogs {

    public static final int DEFAULT_LINES_PER_WORKER = 1000;
    public static final int DEFAULT_CHARS_PER_WORKER = 256 * 1024;
    public static final int DEFAULT_ENDED_KEPT = 256;

    private static final Logger log = LoggerFactory.getLogger(WorkerLogs.class);

    private final int linesPerWorker;
    private final int charsPerWorker;
    private final int endedKept;
    private final Map<Long, Ring> rings = new ConcurrentHashMap<>();
    /** Ended workers, oldest first; guarded by itself. */
    private final LinkedHashSet<Long> ended = new LinkedHashSet<>();
    private final List<Consumer<OutputLine>> listeners = new CopyOnWriteArrayList<>();

    public WorkerLogs() {
        this(DEFAULT_LINES_PER_WORKER, DEFAULT_CHARS_PER_WORKER, DEFAULT_ENDED_KEPT);
    }

    public WorkerLogs(int linesPerWorker, int charsPerWorker, int endedKept) {
        if (linesPerWorker < 1 || charsPerWorker < 1 || endedKept < 0) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.linesPerWorker = linesPerWorker;
        this.charsPerWorker = charsPerWorker;
        this.endedKept = endedKept;
    }

    /** Opens a worker's buffer. Lines of a worker never started (or long forgotten) are not kept. */
    public void started(long workerId, String app) {
        rings.putIfAbsent(workerId, new Ring(app));
    }

    /** Keeps the line (when its worker has a buffer) and hands it to every listener. */
    public void append(OutputLine line) {
        Ring ring = rings.get(line.workerId());
        if (ring != null) {
            ring.add(line, linesPerWorker, charsPerWorker);
        }
        for (Consumer<OutputLine> l : listeners) {
            try {
                l.accept(line);
            } catch (RuntimeException e) {
                log.warn("log listener failed worker={} error={}", line.workerId(), e.toString());
            }
        }
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

    /** Number of workers whose lines are held (live and kept ended). */
    public int bufferCount() {
        return rings.size();
    }

    private static final class Ring {
        final String app;
        private final ArrayDeque<OutputLine> lines = new ArrayDeque<>();
        private long chars;

        Ring(String app) {
            this.app = app;
        }

        synchronized void add(OutputLine line, int maxLines, int maxChars) {
            lines.addLast(line);
            chars += line.text().length();
            // keep at least the newest line even when it alone is over the character bound
            while (lines.size() > 1 && (lines.size() > maxLines || chars > maxChars)) {
                chars -= lines.removeFirst().text().length();
            }
        }

        synchronized List<OutputLine> tail(int n) {
            if (n <= 0) {
                return List.of();
            }
            List<OutputLine> out = new ArrayList<>(Math.min(n, lines.size()));
            Iterator<OutputLine> it = lines.descendingIterator();
            while (it.hasNext() && out.size() < n) {
                out.add(it.next());
            }
            Collections.reverse(out);
            return out;
        }
    }
}
