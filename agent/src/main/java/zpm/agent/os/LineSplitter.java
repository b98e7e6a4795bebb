package zpm.agent.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a byte stream into UTF-8 lines with a length bound. A line longer than the bound is cut
 * at the bound (on a character boundary), marked with {@link #CUT_MARK}, and the rest of it up to
 * the next newline is dropped: one runaway line must not cost unbounded memory.
 */
public final class LineSplitter {

    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    public static final String CUT_MARK = " [line cut]";

    private final int maxLineBytes;
    private final Consumer<String> sink;
    /** Grows on demand: most workers print short lines, and 200 streams each holding 16 KiB adds up. */
    private byte[] line = new byte[256];
    private int length;
    private boolean skipping;

    public LineSplitter(int maxLineBytes, Consumer<String> sink) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("maxLineBytes must hold one UTF-8 character");
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    /** Reads {@code in} to its end, calling the sink once per line; a last line without newline counts. */
    public void pump(InputStream in) throws IOException {
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            feed(chunk, 0, n);
        }
        end();
    }

    /**
     * Takes the next bytes of the stream; complete lines go to the sink now. Scans for newlines
     * and copies runs, not bytes: a flood of short lines costs one String per line and no
     * per-byte work beyond the scan (a line read whole in one chunk is not copied twice).
     */
    public void feed(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int from = offset;
        while (from < end) {
            int nl = indexOfNewline(bytes, from, end);
            if (nl < 0) {
                append(bytes, from, end - from);
                return;
            }
            if (length == 0 && !skipping && nl - from <= maxLineBytes) {
                sink.accept(text(bytes, from, nl - from)); // the whole line is in this chunk
            } else {
                append(bytes, from, nl - from);
                if (!skipping) {
                    emit(false);
                }
                skipping = false;
            }
            from = nl + 1;
        }
    }

    /** The stream ended: a last line without newline goes to the sink. */
    public void end() {
        if (length > 0) {
            emit(false);
        }
        skipping = false;
    }

    private static int indexOfNewline(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Part of a line with no newline in it: kept up to the bound; past it the line is cut and the rest skipped. */
    private void append(byte[] bytes, int from, int n) {
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
            emit(true);
            skipping = true;
        }
    }

    private void emit(boolean cut) {
        String text = cut ? new String(line, 0, characterBoundary(line, length), StandardCharsets.UTF_8) + CUT_MARK
                : text(line, 0, length);
        length = 0;
        sink.accept(text);
    }

    /** A complete line without its newline, and without the '\r' of a CRLF. */
    private static String text(byte[] bytes, int from, int n) {
        if (n > 0 && bytes[from + n - 1] == '\r') {
            n--;
        }
        return new String(bytes, from, n, StandardCharsets.UTF_8);
    }

    /** The largest {@code end <= length} that does not split a UTF-8 sequence. */
    static int characterBoundary(byte[] bytes, int length) {
        int lead = length - 1;
        // walk back over at most 3 continuation bytes (10xxxxxx) to the sequence's first byte
        while (lead > 0 && length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return length;
        }
        int b = bytes[lead] & 0xFF;
        int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return lead + needed > length ? lead : length;
    }
}
