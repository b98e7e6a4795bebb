package zpm.examples.bench;

import java.nio.charset.StandardCharsets;

/**
 * A line of the log benchmark's writers, e.g. (100 bytes with its newline)
 * {@code @4242:0000000017 pqrstuvwxyz...}: {@code @}, the writer's pid, {@code :}, the sequence
 * number on 10 digits, a space, then filler up to the length, the filler's character at index
 * {@code i} being {@code 'a' + i % 26}. Every byte is known from the pid, the number and the length,
 * so a counter can tell a whole line from a cut or spliced one.
 */
final class NumberedLine {

    static final int SEQ_DIGITS = 10;

    private final byte[] bytes;
    private final int seqAt;

    /** @param lineBytes the length with the newline; it must leave room for the header */
    NumberedLine(long pid, int lineBytes) {
        String head = "@" + pid + ":";
        seqAt = head.length();
        if (lineBytes < seqAt + SEQ_DIGITS + 2) {
            throw new IllegalArgumentException("--line-bytes " + lineBytes + " leaves no room for '" + head
                    + "' and " + SEQ_DIGITS + " digits");
        }
        bytes = new byte[lineBytes];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, bytes, 0, h.length);
        bytes[seqAt + SEQ_DIGITS] = ' ';
        for (int i = seqAt + SEQ_DIGITS + 1; i < lineBytes - 1; i++) {
            bytes[i] = filler(i);
        }
        bytes[lineBytes - 1] = '\n';
    }

    static byte filler(int index) {
        return (byte) ('a' + index % 26);
    }

    /** The line numbered {@code seq}, newline included: the same array each call, rewritten. */
    byte[] bytes(long seq) {
        long v = seq;
        for (int i = seqAt + SEQ_DIGITS - 1; i >= seqAt; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return bytes;
    }

    /** Pid and number of a line that {@link #parse} read. */
    static final class Parsed {
        long pid;
        long seq;
    }

    /**
     * Reads {@code text[from..]} as a whole line of {@code lineBytes} (newline not included in
     * {@code text}) into {@code into}; false when it is not exactly such a line.
     */
    static boolean parse(String text, int from, int lineBytes, Parsed into) {
        int end = text.length();
        if (end - from != lineBytes - 1 || text.charAt(from) != '@') {
            return false;
        }
        int colon = text.indexOf(':', from + 1);
        if (colon < from + 2 || colon + SEQ_DIGITS + 1 >= end || text.charAt(colon + SEQ_DIGITS + 1) != ' ') {
            return false;
        }
        long pid = digits(text, from + 1, colon);
        long seq = digits(text, colon + 1, colon + 1 + SEQ_DIGITS);
        if (pid < 0 || seq < 0) {
            return false;
        }
        for (int i = colon + SEQ_DIGITS + 2; i < end; i++) {
            if (text.charAt(i) != filler(i - from)) {
                return false;
            }
        }
        into.pid = pid;
        into.seq = seq;
        return true;
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static long digits(String text, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
