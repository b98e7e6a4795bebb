package zpm.protocol.jsonrpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Splits a byte stream into NDJSON lines, incrementally: feed it whatever the socket gave,
 * and it hands each complete line (UTF-8 decoded, without {@code \n} or a trailing {@code \r})
 * to the line consumer. Blank lines are skipped.
 *
 * <p>A line longer than {@code maxLineBytes} (counting every byte before its {@code \n}) is
 * reported once to the overflow callback, with the length seen so far, and then discarded up
 * to the next newline; framing resumes cleanly after it. Memory stays under the limit.
 *
 * <p>Pure (no I/O) and not thread-safe: one framer per connection, fed from one thread.
 * If a callback throws, the exception propagates and the rest of that feed is dropped.
 */
public final class LineFramer {

    private static final int INITIAL_CAPACITY = 256;

    private final int maxLineBytes;
    private final Consumer<String> onLine;
    private final LongConsumer onOverflow;
    /** Gets each line that is not valid UTF-8, or null to decode lossily (U+FFFD). */
    private final Runnable onInvalidUtf8;

    private byte[] buf = new byte[0];
    private int size;
    /** True while skipping the rest of an over-long line. */
    private boolean discarding;

    /**
     * @param maxLineBytes the longest line accepted, in bytes (at least 1)
     * @param onLine       gets each complete, non-blank line
     * @param onOverflow   gets the length so far of each over-long line, once per line
     */
    public LineFramer(int maxLineBytes, Consumer<String> onLine, LongConsumer onOverflow) {
        this(maxLineBytes, onLine, onOverflow, null);
    }

    /**
     * A framer that decodes strictly: a line that is not valid UTF-8 goes to {@code onInvalidUtf8}
     * instead of {@code onLine} (a server answers it with -32700 rather than run a changed request).
     */
    public LineFramer(int maxLineBytes, Consumer<String> onLine, LongConsumer onOverflow, Runnable onInvalidUtf8) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.onLine = Objects.requireNonNull(onLine, "onLine");
        this.onOverflow = Objects.requireNonNull(onOverflow, "onOverflow");
        this.onInvalidUtf8 = onInvalidUtf8;
    }

    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Feeds the readable bytes of {@code data}, consuming them (its position moves to its limit). */
    public void feed(ByteBuffer data) {
        if (data.hasArray()) {
            int start = data.arrayOffset() + data.position();
            int len = data.remaining();
            data.position(data.limit());
            feed(data.array(), start, len);
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            feed(copy);
        }
    }

    public void feed(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int nl = indexOfNewline(data, pos, end);
            int chunkEnd = nl < 0 ? end : nl;
            int next = nl < 0 ? end : nl + 1;
            if (discarding) {
                discarding = nl < 0;
            } else if ((long) size + (chunkEnd - pos) > maxLineBytes) {
                long seen = (long) size + (chunkEnd - pos);
                size = 0;
                discarding = nl < 0;
                onOverflow.accept(seen);
            } else if (nl < 0) {
                append(data, pos, chunkEnd - pos);
            } else {
                completeLine(data, pos, chunkEnd - pos);
            }
            pos = next;
        }
    }

    /**
     * End of input: emits a last line that had no newline (e.g. from {@code printf '...' | nc}).
     * A line being discarded stays discarded.
     */
    public void finish() {
        boolean pending = !discarding && size > 0;
        discarding = false;
        if (pending) {
            completeLine(buf, 0, 0);
        }
        size = 0;
    }

    /** Bytes held of the current, incomplete line. */
    public int buffered() {
        return size;
    }

    /** The line ends in data[from, from+len), after whatever is buffered. */
    private void completeLine(byte[] data, int from, int len) {
        String line;
        if (size == 0) {
            line = decode(data, from, len);
        } else {
            append(data, from, len);
            line = decode(buf, 0, size);
            size = 0;
        }
        // After the state is clean, so a throwing consumer leaves the framer usable.
        if (line == null) {
            onInvalidUtf8.run();
        } else if (!line.isBlank()) {
            onLine.accept(line);
        }
    }

    /** The line's text; null when it is not UTF-8 and this framer decodes strictly. */
    private String decode(byte[] data, int from, int len) {
        int n = len;
        if (n > 0 && data[from + n - 1] == '\r') {
            n--;
        }
        if (onInvalidUtf8 != null) {
            return StrictUtf8.decodeOrNull(data, from, n);
        }
        // Lossy for clients: malformed UTF-8 becomes U+FFFD and the JSON reader reports the line.
        return new String(data, from, n, StandardCharsets.UTF_8);
    }

    private void append(byte[] data, int from, int len) {
        if (size + len > buf.length) {
            long cap = Math.max(INITIAL_CAPACITY, buf.length);
            while (cap < size + len) {
                cap = cap * 2;
            }
            // Callers never append past the limit, so the limit is a safe cap.
            buf = Arrays.copyOf(buf, (int) Math.min(cap, maxLineBytes));
        }
        System.arraycopy(data, from, buf, size, len);
        size += len;
    }

    private static int indexOfNewline(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
