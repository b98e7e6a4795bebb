package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A rotated, compressed log file: gzip reads forwards only, so it is read whole, keeping the
 * newest {@code cap} wanted lines (a rotated file holds at most the rotation size). A line that
 * does not parse takes the time of the line before it; at the file's start, the time of the
 * first line that parses. A file cut short or corrupt gives the lines before the damage.
 */
final class GzipTail extends FileTail {

    private final ForwardLines lines;
    private final ArrayDeque<OutputLine> kept = new ArrayDeque<>();
    private boolean loaded;
    private IOException damage;

    GzipTail(ForwardLines lines, String app, String stream, LineFilter filter, int cap) {
        super(lines, app, stream, filter, cap);
        this.lines = lines;
    }

    @Override
    OutputLine next() throws IOException {
        if (!loaded) {
            loaded = true;
            load();
        }
        OutputLine l = kept.pollLast();
        if (l == null && damage != null) {
            IOException e = damage;
            damage = null;
            throw e;
        }
        return l;
    }

    private void load() {
        ArrayDeque<String> leading = new ArrayDeque<>();
        Instant previous = null;
        try {
            for (String raw = lines.next(); raw != null; raw = lines.next()) {
                OutputLine line = parse(raw);
                if (line == null) {
                    if (!filter.wantsUnparsed(raw)) {
                        continue;
                    }
                    if (previous != null) {
                        keep(unparsed(previous, raw));
                    } else {
                        bounded(leading, raw);
                    }
                    continue;
                }
                if (previous == null) {
                    Instant first = line.ts();
                    leading.forEach(t -> keep(unparsed(first, t)));
                    leading.clear();
                }
                previous = line.ts();
                if (filter.beforeSince(line.ts())) {
                    reachedSince = true;
                } else if (filter.wants(line)) {
                    keep(line);
                }
            }
        } catch (IOException e) {
            damage = e;
        }
        leading.forEach(t -> keep(unparsed(Instant.EPOCH, t)));
    }

    private void keep(OutputLine line) {
        if (!filter.beforeSince(line.ts())) {
            kept.addLast(line);
            if (kept.size() > cap) {
                kept.removeFirst();
            }
        }
    }

    private void bounded(ArrayDeque<String> q, String raw) {
        q.addLast(raw);
        if (q.size() > cap) {
            q.removeFirst();
        }
    }
}
