package zpm.agent.logfiles;

import zpm.agent.os.OutputLine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
}
