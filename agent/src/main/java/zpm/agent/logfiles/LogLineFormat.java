package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One line of a log file: {@code <ts> <workerId>/<slot> <text>\n}, UTF-8, where {@code <ts>} is
 * ISO 8601 UTC with exactly three fraction digits, always {@value #TIMESTAMP_LENGTH} characters
 * ({@code 2026-12-06T07:30:00.120Z}), so {@code tail -f}, {@code grep} and {@code sort} work on
 * the files as they are. The writer formats and {@code logs} reads back with this one class.
 */
public final class LogLineFormat {

    /** The timestamp's exact form. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Characters of every timestamp. */
    public static final int TIMESTAMP_LENGTH = 24;

    private LogLineFormat() {
    }

    /** A line as read back from a file. */
    public record Parsed(Instant ts, long workerId, int slot, String text) {
    }

    /** {@code 2026-12-06T07:30:00.120Z}; the instant is truncated to milliseconds. */
    public static String timestamp(Instant ts) {
        return TIMESTAMP.format(ts);
    }

    /** The line with its newline: {@code <ts> <workerId>/<slot> <text>\n}. */
    public static String line(OutputLine line) {
        StringBuilder sb = new StringBuilder(TIMESTAMP_LENGTH + 16 + line.text().length());
        append(sb, line);
        return sb.toString();
    }

    /** Appends {@link #line(OutputLine)} to {@code out}. */
    public static void append(StringBuilder out, OutputLine line) {
        out.append(timestamp(line.ts())).append(' ').append(line.workerId()).append('/').append(line.slot())
                .append(' ').append(line.text()).append('\n');
    }

    /**
     * Reads one line of a file (without its newline).
     *
     * @return the parts, or null when the line is not of this format
     */
    public static Parsed parse(String line) {
        if (line.length() < TIMESTAMP_LENGTH + 4 || line.charAt(TIMESTAMP_LENGTH) != ' ') {
            return null;
        }
        Instant ts;
        try {
            ts = Instant.from(TIMESTAMP.parse(line.subSequence(0, TIMESTAMP_LENGTH)));
        } catch (DateTimeParseException e) {
            return null;
        }
        int slash = line.indexOf('/', TIMESTAMP_LENGTH + 1);
        int space = slash < 0 ? -1 : line.indexOf(' ', slash + 1);
        if (space < 0) {
            return null;
        }
        try {
            long id = Long.parseLong(line, TIMESTAMP_LENGTH + 1, slash, 10);
            int slot = Integer.parseInt(line, slash + 1, space, 10);
            return new Parsed(ts, id, slot, line.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
