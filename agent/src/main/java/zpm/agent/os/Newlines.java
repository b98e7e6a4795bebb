package zpm.agent.os;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds {@code '\n'} in bytes eight at a time: a long is read, XORed with eight newlines, and a
 * zero byte found without a branch per byte (the exact form of the "has a zero byte" trick, no
 * false hits). On a flood of 100-byte lines this is most of the agent's work per line.
 */
final class Newlines {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NL = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Newlines() {
    }

    /** The first newline in {@code bytes[from, end)}, or -1. */
    static int first(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ NL;
            long hit = ~(((x & LOW7) + LOW7) | x | LOW7); // 0x80 in each byte that was '\n'
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The last newline in {@code bytes[from, end)}, or -1. */
    static int last(byte[] bytes, int from, int end) {
        int i = end;
        for (; i - 8 >= from; i -= 8) {
            long x = (long) LONGS.get(bytes, i - 8) ^ NL;
            long hit = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (hit != 0) {
                return i - 8 + (7 - (Long.numberOfLeadingZeros(hit) >>> 3));
            }
        }
        for (i--; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
