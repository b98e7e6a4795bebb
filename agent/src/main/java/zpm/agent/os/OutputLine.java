package zpm.agent.os;

import java.time.Instant;

/**
 * One line a worker wrote.
 *
 * @param workerId the worker
 * @param slot     its slot in the app
 * @param app      its app
 * @param stream   "out" or "err"
 * @param ts       when the agent read it
 * @param text     the line without its newline (cut lines end with {@link LineSplitter#CUT_MARK})
 * @param seq      the worker's line number (both streams, from 0), or -1 for a line read back from a
 *                 file: tells a line memory held from the same line met again
 */
public record OutputLine(long workerId, int slot, String app, String stream, Instant ts, String text, long seq) {

    public static final String OUT = "out";
    public static final String ERR = "err";

    /** A line without a line number (read back from a file, or made by a test). */
    public OutputLine(long workerId, int slot, String app, String stream, Instant ts, String text) {
        this(workerId, slot, app, stream, ts, text, -1);
    }
}
