package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain log file read from its end. A line that does not parse takes the time of the line
 * before it (older, so met after it: such lines wait in {@code pending} until then; at the
 * file's start they take the time of the line after them).
 */
final class PlainTail extends FileTail {

    private final BackwardLines lines;
    private final ArrayDeque<OutputLine> ready = new ArrayDeque<>();
    /** Unparsable lines waiting for a time, newest first, at most {@code cap}. */
    private final List<String> pending = new ArrayList<>();
    private Instant newer;
    private boolean done;

    PlainTail(BackwardLines lines, String app, String stream, LineFilter filter, int cap) {
        super(lines, app, stream, filter, cap);
        this.lines = lines;
    }

    @Override
    OutputLine next() throws IOException {
        while (ready.isEmpty() && !done) {
            step();
        }
        return ready.poll();
    }

    private void step() throws IOException {
        String raw = lines.next();
        if (raw == null) {
            done = true;
            resolvePending(newer != null ? newer : Instant.EPOCH);
            return;
        }
        OutputLine line = parse(raw);
        if (line == null) {
            if (pending.size() < cap && filter.wantsUnparsed(raw)) {
                pending.add(raw);
            }
            return;
        }
        resolvePending(line.ts());
        newer = line.ts();
        if (filter.beforeSince(line.ts())) {
            reachedSince = true;
            done = true;
        } else if (filter.wants(line)) {
            ready.add(line);
        }
    }

    private void resolvePending(Instant ts) {
        if (!filter.beforeSince(ts)) {
            pending.forEach(raw -> ready.add(unparsed(ts, raw)));
        }
        pending.clear();
    }
}
