package zpm.agent.logfiles;

import zpm.agent.os.LineBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats lines ({@link LogLineFormat}) straight into one growing byte array, for one write per
 * file and batch. A worker's lines come as {@link LineBatch}es, whose lines share one read time
 * and one worker: the prefix ({@code <ts> <id>/<slot> }) is made once per batch and each line is
 * then two array copies and a newline, its bytes never decoded. Writer thread only.
 */
final class LineEncoder {

    /** A line of the agent's own log ({@code agent.log}): {@code <ts> <text>}. */
    record AgentLine(Instant ts, String text) {
    }

    /** Prefix bytes at most: timestamp, space, two 20-digit numbers, slash, space. */
    static final int MAX_PREFIX = LogLineFormat.TIMESTAMP_LENGTH + 44;

    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private long second = Long.MIN_VALUE;
    private final byte[] secondPrefix = new byte[20];
    private final byte[] prefix = new byte[MAX_PREFIX];
    private int prefixLength;
    private LineBatch prefixOf;

    /** Empties the buffer for the next file. */
    void clear() {
        pos = 0;
    }

    /** Bytes formatted and not written yet. */
    int position() {
        return pos;
    }

    /** Forgets what was appended after {@code position} (a batch that will go line by line instead). */
    void truncate(int position) {
        pos = position;
    }

    /** Appends an entry: an {@link AgentLine}, or every line of a {@link LineBatch}; returns the bytes appended. */
    int append(Object e) {
        int start = pos;
        if (e instanceof LineBatch b) {
            prefix(b);
            ensure(b.textBytes() + b.count() * (prefixLength + LineBatch.CUT_BYTES + 1));
            for (int i = 0; i < b.count(); i++) {
                line(b, i);
            }
        } else {
            AgentLine a = (AgentLine) e;
            ensure(LogLineFormat.TIMESTAMP_LENGTH + 1);
            stamp(a.ts().getEpochSecond(), a.ts().getNano() / 1_000_000);
            buf[pos++] = ' ';
            byte[] text = a.text().getBytes(StandardCharsets.UTF_8);
            ensure(text.length + 1);
            System.arraycopy(text, 0, buf, pos, text.length);
            pos += text.length;
            buf[pos++] = '\n';
        }
        return pos - start;
    }

    /** Appends line {@code i} of a batch; returns its bytes. */
    int appendLine(LineBatch b, int i) {
        int start = pos;
        prefix(b);
        ensure(prefixLength + b.length(i) + 1);
        line(b, i);
        return pos - start;
    }

    private void line(LineBatch b, int i) {
        System.arraycopy(prefix, 0, buf, pos, prefixLength);
        pos = b.copyLine(i, buf, pos + prefixLength);
        buf[pos++] = '\n';
    }

    /** The bytes before the last {@code lastLength} ones, ready to write. */
    ByteBuffer before(int lastLength) {
        return ByteBuffer.wrap(buf, 0, pos - lastLength);
    }

    /** Keeps only the last {@code lastLength} bytes (the line that goes to the next file). */
    void keepLast(int lastLength) {
        System.arraycopy(buf, pos - lastLength, buf, 0, lastLength);
        pos = lastLength;
    }

    /** Everything formatted, ready to write. */
    ByteBuffer all() {
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** The batch's {@code <ts> <id>/<slot> }, made once per batch. */
    private void prefix(LineBatch b) {
        if (prefixOf == b) {
            return;
        }
        prefixOf = b;
        int keep = pos;
        ensure(MAX_PREFIX);
        long ms = b.readAtMs();
        stamp(Math.floorDiv(ms, 1000), (int) Math.floorMod(ms, 1000));
        buf[pos++] = ' ';
        digits(b.workerId());
        buf[pos++] = '/';
        if (b.slot() < 0) {
            buf[pos++] = '-';
        }
        digits(Math.abs((long) b.slot()));
        buf[pos++] = ' ';
        prefixLength = pos - keep;
        System.arraycopy(buf, keep, prefix, 0, prefixLength);
        pos = keep;
    }

    private void digits(long v) {
        if (v >= 10) {
            digits(v / 10);
        }
        buf[pos++] = (byte) ('0' + v % 10);
    }

    /** {@link LogLineFormat#timestamp}, the date and time formatted once per second. */
    private void stamp(long epochSecond, int ms) {
        if (epochSecond != second) {
            second = epochSecond;
            byte[] p = LogLineFormat.timestamp(Instant.ofEpochSecond(epochSecond)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(p, 0, secondPrefix, 0, secondPrefix.length);
        }
        System.arraycopy(secondPrefix, 0, buf, pos, secondPrefix.length);
        pos += secondPrefix.length;
        buf[pos++] = (byte) ('0' + ms / 100);
        buf[pos++] = (byte) ('0' + ms / 10 % 10);
        buf[pos++] = (byte) ('0' + ms % 10);
        buf[pos++] = 'Z';
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            byte[] bigger = new byte[Math.max(buf.length * 2, pos + more + 64)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
        }
    }
}
