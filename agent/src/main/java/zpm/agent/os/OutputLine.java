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
 */
public record OutputLine(long workerId, int slot, String app, String stream, Instant ts, String text) {

    public static final String OUT = "out";
    public static final String ERR = "err";
}
