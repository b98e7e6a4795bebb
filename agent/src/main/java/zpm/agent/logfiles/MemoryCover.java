package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The lines memory already returns, so the files do not return them again.
 *
 * <p>The rule. Memory holds, for each worker, a suffix of what it wrote (its last lines), and the
 * file holds every line with the same millisecond {@code ts}, worker and text, in the same order.
 * So for a worker whose oldest line in memory has time T, the file's lines of that worker after T
 * are all in memory, those before T are not, and of those at exactly T the newest k are, where k
 * is how many of memory's lines of that worker and stream have time T. Reading the file newest
 * first, the file gives a worker's lines before T, and at T it skips the first k it meets. This
 * needs no equality of texts, so a worker printing the same text many times in one millisecond
 * ({@code yes}) loses nothing, and it holds whatever the filters are: k counts memory's lines at T
 * that pass the same filters. Worker ids restart with each agent; an older agent's worker of the
 * same id wrote before this one's started, so before T, and is kept. A line memory holds and the
 * file lacks (it could not be written) comes from memory only.
 *
 * <p>Made per call; {@link #skipsAtBoundary} counts down, so it is used by one reader, newest first.
 */
public final class MemoryCover {

    /** Nothing is in memory. */
    public static MemoryCover none() {
        return new MemoryCover(Map.of(), Map.of());
    }

    private final Map<Long, Instant> oldest;
    private final Map<String, Integer> atOldest;

    private MemoryCover(Map<Long, Instant> oldest, Map<String, Integer> atOldest) {
        this.oldest = oldest;
        this.atOldest = atOldest;
    }

    /**
     * @param memory  what memory returns for the target before filtering: for each worker, its
     *                last lines, in order
     * @param matches the filters the file's lines get too
     */
    public static MemoryCover of(List<OutputLine> memory, Predicate<OutputLine> matches) {
        Map<Long, Instant> oldest = new HashMap<>();
        for (OutputLine l : memory) {
            oldest.merge(l.workerId(), l.ts(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Map<String, Integer> atOldest = new HashMap<>();
        for (OutputLine l : memory) {
            if (l.ts().equals(oldest.get(l.workerId())) && matches.test(l)) {
                atOldest.merge(key(l.workerId(), l.stream()), 1, Integer::sum);
            }
        }
        return new MemoryCover(oldest, atOldest);
    }

    /** True when memory holds every line of this worker from this time on (stateless). */
    boolean newerThanMemory(OutputLine line) {
        Instant t = oldest.get(line.workerId());
        return t != null && line.ts().isAfter(t);
    }

    /** True for the newest lines at a worker's oldest memory time that memory holds (call newest first). */
    boolean skipsAtBoundary(OutputLine line) {
        Instant t = oldest.get(line.workerId());
        if (t == null || !line.ts().equals(t)) {
            return false;
        }
        String key = key(line.workerId(), line.stream());
        Integer left = atOldest.get(key);
        if (left == null || left == 0) {
            return false;
        }
        atOldest.put(key, left - 1);
        return true;
    }

    /** The most lines {@link #skipsAtBoundary} can still skip. */
    int boundaryLines() {
        return atOldest.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String key(long workerId, String stream) {
        return workerId + "/" + stream;
    }
}
