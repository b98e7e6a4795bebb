package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads one line of an app's log file back, as {@link LogLineFormat} wrote it:
 * {@code <ts> <workerId>/<slot> <text>}, where
 * {@code <ts>} is always 24 characters ({@code 2026-12-06T07:30:00.120Z}). The fields are read at
 * their fixed places rather than through a {@code DateTimeFormatter}: a {@code grep} over a
 * 60 MB history parses every line, and this is several times quicker.
 */
final class LogLineParser {

    private static final int TS_LENGTH = LogLineFormat.TIMESTAMP_LENGTH;

    private LogLineParser() {
    }

    /** The line as an {@link OutputLine}, or null when it is not in the files' format. */
    static OutputLine parse(String app, String stream, String line) {
        Instant ts = timestamp(line);
        if (ts == null || line.length() < TS_LENGTH + 4 || line.charAt(TS_LENGTH) != ' ') {
            return null;
        }
        int slash = line.indexOf('/', TS_LENGTH + 1);
        if (slash < 0) {
            return null;
        }
        int end = line.indexOf(' ', slash + 1);
        long workerId = number(line, TS_LENGTH + 1, slash);
        long slot = number(line, slash + 1, end < 0 ? line.length() : end);
        if (workerId < 0 || slot < -1 || slot > Integer.MAX_VALUE) {
            return null;
        }
        String text = end < 0 ? "" : line.substring(end + 1);
        return new OutputLine(workerId, (int) slot, app, stream, ts, text);
    }

    /** The leading timestamp, or null. */
    static Instant timestamp(String s) {
        if (s.length() < TS_LENGTH || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int millis = digits(s, 20, 23);
        if ((year | month | day | hour | minute | second | millis) < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A decimal integer (an optional leading '-') in [from, to), or Long.MIN_VALUE. */
    private static long number(String s, int from, int to) {
        boolean negative = from < to && s.charAt(from) == '-';
        int start = negative ? from + 1 : from;
        if (start >= to || to - start > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = start; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return negative ? -v : v;
    }
}
