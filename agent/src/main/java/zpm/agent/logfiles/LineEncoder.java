package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats lines ({@link LogLineFormat}) straight into one growing buffer, for one write per file
 * and batch: no String per line, ASCII copied byte by byte, the timestamp's date and time made
 * once per second. Writer thread only.
 */
final class LineEncoder {

    /** A line of the agent's own log ({@code agent.log}): {@code <ts> <text>}. */
    record AgentLine(Instant ts, String text) {
    }

    private ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private long second = Long.MIN_VALUE;
    private final byte[] secondPrefix = new byte[20];

    /** Empties the buffer for the next file. */
    void clear() {
        buf.clear();
    }

    /** Bytes formatted and not written yet. */
    int position() {
        return buf.position();
    }

    /** Appends one line; returns its length in bytes. */
    int append(Object e) {
        int start = buf.position();
        if (e instanceof OutputLine l) {
            ensure(64);
            stamp(l.ts());
            buf.put((byte) ' ');
            digits(l.workerId());
            buf.put((byte) '/');
            if (l.slot() < 0) {
                buf.put((byte) '-');
            }
            digits(Math.abs((long) l.slot()));
            buf.put((byte) ' ');
            text(l.text());
        } else {
            AgentLine a = (AgentLine) e;
            ensure(64);
            stamp(a.ts());
            buf.put((byte) ' ');
            text(a.text());
        }
        ensure(1);
        buf.put((byte) '\n');
        return buf.position() - start;
    }

    /** The bytes before the last {@code lastLength} ones, ready to write. */
    ByteBuffer before(int lastLength) {
        return buf.duplicate().flip().limit(buf.position() - lastLength);
    }

    /** Keeps only the last {@code lastLength} bytes (the line that goes to the next file). */
    void keepLast(int lastLength) {
        int end = buf.position();
        buf.position(end - lastLength).limit(end);
        buf.compact();
    }

    /** Everything formatted, ready to write. */
    ByteBuffer all() {
        return buf.duplicate().flip();
    }

    private void text(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                ensure(rest.length);
                buf.put(rest);
                return;
            }
            buf.put((byte) c);
        }
    }

    private void digits(long v) {
        if (v >= 10) {
            digits(v / 10);
        }
        buf.put((byte) ('0' + v % 10));
    }

    /** {@link LogLineFormat#timestamp}, the date and time formatted once per second. */
    private void stamp(Instant ts) {
        long s = ts.getEpochSecond();
        if (s != second) {
            second = s;
            byte[] p = LogLineFormat.timestamp(Instant.ofEpochSecond(s)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(p, 0, secondPrefix, 0, secondPrefix.length);
        }
        int ms = ts.getNano() / 1_000_000;
        buf.put(secondPrefix).put((byte) ('0' + ms / 100)).put((byte) ('0' + ms / 10 % 10))
                .put((byte) ('0' + ms % 10)).put((byte) 'Z');
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more + 64));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
