package zpm.agent.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines with a length bound, handing on the complete lines of each
 * chunk at once, as bytes: one array (the chunk's complete lines, copied once, with the end of a
 * line carried over from the chunks before in front) and the bounds of each line. A line longer
 * than the bound is cut at the bound (on a UTF-8 character boundary), marked as cut, and the rest
 * of it up to the next newline is dropped: one runaway line must not cost unbounded memory.
 *
 * <p>The newlines of a chunk are found eight bytes at a time ({@link Newlines}): the per-line
 * work is that scan and two ints.
 */
public final class LineSplitter {

    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    public static final String CUT_MARK = " [line cut]";

    /** Gets the complete lines of one chunk; owns the arrays from then on. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param starts where each line starts in {@code bytes}
         * @param ends   where it ends (no newline, no '\r' of a CRLF), or {@code ~end} for a cut line
         */
        void lines(byte[] bytes, int[] starts, int[] ends);
    }

    private final int maxLineBytes;
    private final Sink sink;
    /** The line carried over chunks; grows on demand: 200 streams each holding 16 KiB adds up. */
    private byte[] line = new byte[256];
    private int length;
    private boolean skipping;
    /** Scratch for one chunk's line bounds, reused. */
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;

    public LineSplitter(int maxLineBytes, Sink sink) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must hold one UTF-8 character");
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** A splitter that hands on each line as a String (tests, and callers that want text). */
    public static LineSplitter ofStrings(int maxLineBytes, Consumer<String> lines) {
        return new LineSplitter(maxLineBytes, (bytes, starts, ends) -> {
            for (int i = 0; i < starts.length; i++) {
                int e = ends[i] < 0 ? ~ends[i] : ends[i];
                String t = new String(bytes, starts[i], e - starts[i], StandardCharsets.UTF_8);
                lines.accept(ends[i] < 0 ? t + CUT_MARK : t);
            }
        });
    }

    /** Reads {@code in} to its end; a last line without newline counts. */
    public void pump(InputStream in) throws IOException {
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            feed(chunk, 0, n);
        }
        end();
    }

    /** Takes the next bytes of the stream; the complete lines among them go to the sink now, in one call. */
    public void feed(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int from = offset;
        int headLength = -1; // the carried line this chunk completes: -1 for none
        if (length > 0 || skipping) {
            int nl = Newlines.first(bytes, from, end);
            if (nl < 0) {
                carry(bytes, from, end - from);
                return;
            }
            carry(bytes, from, nl - from);
            if (!skipping) {
                headLength = length;
            }
            skipping = false;
            from = nl + 1;
        }
        int last = Newlines.last(bytes, from, end);
        int bulk = last < 0 ? 0 : last + 1 - from;
        if (headLength >= 0 || bulk > 0) {
            int head = Math.max(headLength, 0);
            byte[] out = new byte[head + bulk];
            System.arraycopy(line, 0, out, 0, head);
            System.arraycopy(bytes, from, out, head, bulk);
            this.count = 0;
            if (headLength >= 0) {
                add(out, 0, head, false); // bounded already
                length = 0;
            }
            int s = head;
            for (int nl = Newlines.first(out, s, out.length); nl >= 0; nl = Newlines.first(out, s, out.length)) {
                add(out, s, nl, true);
                s = nl + 1;
            }
            hand(out);
        }
        if (last >= 0) {
            from = last + 1;
        }
        carry(bytes, from, end - from);
    }

    /** The stream ended: a last line without newline goes to the sink. */
    public void end() {
        if (length > 0) {
            byte[] out = Arrays.copyOf(line, length);
            this.count = 0;
            add(out, 0, length, false);
            length = 0;
            hand(out);
        }
        skipping = false;
    }

    /** A line {@code bytes[s, e)} (e at its newline, or at the stream's end); bound checked when {@code check}. */
    private void add(byte[] bytes, int s, int e, boolean check) {
        int end;
        if (check && e - s > maxLineBytes) {
            end = ~(s + characterBoundary(bytes, s, maxLineBytes));
        } else {
            end = e > s && bytes[e - 1] == '\r' ? e - 1 : e;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = s;
        ends[count] = end;
        count++;
    }

    private void hand(byte[] out) {
        sink.lines(out, Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
        count = 0;
    }

    /** Part of a line with no newline in it: kept up to the bound; past it the line is cut and the rest skipped. */
    private void carry(byte[] bytes, int from, int n) {
        if (skipping || n == 0) {
            return;
        }
        int room = maxLineBytes - length;
        int take = Math.min(n, room);
        if (length + take > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + take)));
        }
        System.arraycopy(bytes, from, line, length, take);
        length += take;
        if (n > room) {
            int cut = characterBoundary(line, 0, length);
            sink.lines(Arrays.copyOf(line, cut), new int[] {0}, new int[] {~cut});
            length = 0;
            skipping = true;
        }
    }

    /** The largest {@code end <= length} that does not split a UTF-8 sequence. */
    static int characterBoundary(byte[] bytes, int length) {
        return characterBoundary(bytes, 0, length);
    }

    /** The largest {@code n <= length} such that {@code bytes[from, from + n)} does not split a UTF-8 sequence. */
    static int characterBoundary(byte[] bytes, int from, int length) {
        int lead = length - 1;
        // walk back over at most 3 continuation bytes (10xxxxxx) to the sequence's first byte
        while (lead > 0 && length - lead < 4 && (bytes[from + lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[from + lead] & 0xFF;
        int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed > length ? lead : length;
    }
}
