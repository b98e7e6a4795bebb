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

    /** Takes the next bytes of the stream; complete lines go to the sink now. */
    public void feed(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            accept(bytes[i]);
        }
    }

    /** The stream ended: a last line without newline goes to the sink. */
    public void end() {
        if (length > 0) {
            emit(false);
        }
        skipping = false;
    }

    private void accept(byte b) {
        if (b == '\n') {
            if (!skipping) {
                emit(false);
            }
            skipping = false;
        } else if (!skipping) {
            if (length == maxLineBytes) {
                emit(true);
                skipping = true;
            } else {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                }
                line[length++] = b;
            }
        }
    }

    private void emit(boolean cut) {
        int end = cut ? characterBoundary(line, length) : length;
        if (!cut && end > 0 && line[end - 1] == '\r') {
            end--;
        }
        String text = new String(line, 0, end, StandardCharsets.UTF_8);
        length = 0;
        sink.accept(cut ? text + CUT_MARK : text);
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
