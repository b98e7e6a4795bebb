package zpm.agent.os;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The complete lines one read of a worker's pipe gave, as the bytes the worker wrote: a flood is
 * handled per read (one object, one array), not per line. The lines are decoded into
 * {@link OutputLine}s only when somebody asks for them (a {@code logs} call, a follower, the
 * echo); the log files get the bytes as they are. Immutable once made, so the memory ring, the
 * file writer and followers share it across threads.
 *
 * <p>Line {@code i} is {@code bytes[start(i) .. end(i))}, without its newline and without the
 * {@code '\r'} of a CRLF; a line cut at {@link LineSplitter#DEFAULT_MAX_LINE_BYTES} is marked
 * {@link #isCut} and reads with {@link LineSplitter#CUT_MARK} appended.
 */
public final class LineBatch {

    private static final byte[] CUT = LineSplitter.CUT_MARK.getBytes(StandardCharsets.US_ASCII);
    /** Bytes the cut mark adds to a cut line. */
    public static final int CUT_BYTES = CUT.length;

    private final long workerId;
    private final int slot;
    private final String app;
    private final String stream;
    private final long readAtMs;
    private final long firstSeq;
    private final byte[] bytes;
    private final int[] starts;
    /** The end of each line; {@code ~end} (negative) for a cut line. */
    private final int[] ends;

    /**
     * @param firstSeq the worker's line number of the first line here (its lines are numbered from 0)
     * @param ends     per line, its end, or {@code ~end} when the line was cut
     */
    public LineBatch(long workerId, int slot, String app, String stream, long readAtMs, long firstSeq,
                     byte[] bytes, int[] starts, int[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("one start and one end per line");
        }
        this.workerId = workerId;
        this.slot = slot;
        this.app = app;
        this.stream = stream;
        this.readAtMs = readAtMs;
        this.firstSeq = firstSeq;
        this.bytes = bytes;
        this.starts = starts;
        this.ends = ends;
    }

    /** One line, from text (tests, and lines that do not come from a pipe). */
    public static LineBatch of(OutputLine line, long seq) {
        byte[] b = line.text().getBytes(StandardCharsets.UTF_8);
        return new LineBatch(line.workerId(), line.slot(), line.app(), line.stream(), line.ts().toEpochMilli(), seq,
                b, new int[] {0}, new int[] {b.length});
    }

    public long workerId() {
        return workerId;
    }

    public int slot() {
        return slot;
    }

    public String app() {
        return app;
    }

    public String stream() {
        return stream;
    }

    /** When the agent read these lines, in epoch milliseconds. */
    public long readAtMs() {
        return readAtMs;
    }

    /** The worker's line number of line 0. */
    public long firstSeq() {
        return firstSeq;
    }

    public int count() {
        return starts.length;
    }

    /** The bytes the lines live in (shared: never write to it). */
    public byte[] bytes() {
        return bytes;
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        int e = ends[i];
        return e < 0 ? ~e : e;
    }

    public boolean isCut(int i) {
        return ends[i] < 0;
    }

    /** Bytes of line {@code i} as written to a file, without the newline: its text and the cut mark. */
    public int length(int i) {
        return end(i) - starts[i] + (isCut(i) ? CUT.length : 0);
    }

    /** What the batch weighs in queues and rings: its array, i.e. every line's text and line end. */
    public int textBytes() {
        return bytes.length;
    }

    /** Copies line {@code i} (text and cut mark, no newline) into {@code out} at {@code at}; returns the new position. */
    public int copyLine(int i, byte[] out, int at) {
        int s = starts[i];
        int n = end(i) - s;
        System.arraycopy(bytes, s, out, at, n);
        at += n;
        if (isCut(i)) {
            System.arraycopy(CUT, 0, out, at, CUT.length);
            at += CUT.length;
        }
        return at;
    }

    /** Line {@code i}'s text. */
    public String text(int i) {
        String t = new String(bytes, starts[i], end(i) - starts[i], StandardCharsets.UTF_8);
        return isCut(i) ? t + LineSplitter.CUT_MARK : t;
    }

    /** Line {@code i} as an {@link OutputLine}. */
    public OutputLine line(int i) {
        return new OutputLine(workerId, slot, app, stream, Instant.ofEpochMilli(readAtMs), text(i), firstSeq + i);
    }

    /** Lines {@code from} (inclusive) to {@code to} (exclusive), decoded. */
    public List<OutputLine> lines(int from, int to) {
        List<OutputLine> out = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            out.add(line(i));
        }
        return out;
    }
}
