package zpm.agent.logfiles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.OutputLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the apps' log files back: the last lines matching a {@link LogQuery}, oldest first.
 * Each app's stream is read newest first from the end of its live file, then its rotated files,
 * so a tail costs about the bytes of the lines it returns; out and err, and several apps, are
 * merged by time, each file's lines kept in their order. Blocking: call it off the event loop.
 * Missing files and directories give no lines; an unreadable file is logged and skipped.
 */
public final class LogHistory {

    /** {@code <app>.<out|err>.log}, {@code .N}, {@code .N.gz}. */
    private static final Pattern NAME = Pattern.compile("(.+)\\.(out|err)\\.log(?:\\.([1-9][0-9]{0,8})(\\.gz)?)?");

    private static final Logger log = LoggerFactory.getLogger(LogHistory.class);

    private final Path dir;
    private final AtomicLong bytesRead = new AtomicLong();

    public LogHistory(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Bytes read from the files so far (compressed bytes for .gz): what a tail costs. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** The last {@code query.lines()} lines, oldest first, leaving out what {@code memory} covers. */
    public List<OutputLine> tailBlocking(LogQuery query, MemoryCover memory) {
        if (query.lines() <= 0) {
            return List.of();
        }
        List<LogChain> chains = new ArrayList<>();
        try {
            openChains(query, memory, chains);
            return merge(chains, query.lines());
        } finally {
            chains.forEach(LogChain::close);
        }
    }

    /** Adds to {@code chains} one per app and stream, each with its files open (blocking). */
    void openChains(LogQuery query, MemoryCover memory, List<LogChain> chains) {
        LineFilter filter = new LineFilter(query, memory);
        files(query).forEach((key, generations) -> {
            LogChain chain = new LogChain(key.substring(0, key.length() - 4), key.substring(key.length() - 3),
                    generations, filter, query.lines(), bytesRead);
            chains.add(chain);
            chain.openAllBlocking();
        });
    }

    /** Newest first across the chains, then turned oldest first. */
    static List<OutputLine> merge(List<LogChain> chains, int n) {
        record Head(OutputLine line, int chain) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.line().ts())
                .reversed().thenComparing(Head::chain, Comparator.reverseOrder()));
        for (int i = 0; i < chains.size(); i++) {
            OutputLine l = chains.get(i).nextBlocking();
            if (l != null) {
                heads.add(new Head(l, i));
            }
        }
        List<OutputLine> out = new ArrayList<>();
        while (out.size() < n && !heads.isEmpty()) {
            Head h = heads.poll();
            out.add(h.line());
            OutputLine l = chains.get(h.chain()).nextBlocking();
            if (l != null) {
                heads.add(new Head(l, h.chain()));
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** "app/out" (sorted) → its generations, newest first. */
    private Map<String, List<LogChain.Generation>> files(LogQuery query) {
        Map<String, TreeMap<Integer, Path[]>> found = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && (query.apps() == null || query.apps().contains(m.group(1)))
                        && query.streams().contains(m.group(2))) {
                    int n = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                    Path[] pair = found.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new TreeMap<>())
                            .computeIfAbsent(n, k -> new Path[2]);
                    pair[m.group(4) == null ? 0 : 1] = p;
                }
            });
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Map.of();
        } catch (IOException | UncheckedIOException e) {
            // memory still answers; the operator sees why the files did not
            log.warn("log directory unreadable dir={} error={}", dir, e.toString());
            return Map.of();
        }
        Map<String, List<LogChain.Generation>> chains = new TreeMap<>();
        found.forEach((key, byNumber) -> chains.put(key, byNumber.values().stream()
                .map(pair -> new LogChain.Generation(pair[0], pair[1])).toList()));
        return chains;
    }
}
