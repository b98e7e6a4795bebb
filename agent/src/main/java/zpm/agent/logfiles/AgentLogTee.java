package zpm.agent.logfiles;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The agent's own log (slf4j-simple writes to {@code System.err}, looked up at every line) goes
 * on to the terminal as before and, line by line, to {@code <logDir>/agent.log} through the
 * {@link LogWriter}, which rotates it by the agent's settings. Each line is queued, never
 * written here: a full disk does not hold up the thread that logs.
 */
public final class AgentLogTee extends OutputStream {

    /** Longer lines are cut: one stack trace frame or message never needs more. */
    static final int MAX_LINE = 16 * 1024;

    private final PrintStream terminal;
    private final LogWriter writer;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    private AgentLogTee(PrintStream terminal, LogWriter writer) {
        this.terminal = terminal;
        this.writer = writer;
    }

    /** From now on {@code System.err} also feeds {@code agent.log}. */
    public static void install(LogWriter writer) {
        PrintStream terminal = System.err;
        System.setErr(new PrintStream(new AgentLogTee(terminal, writer), true, StandardCharsets.UTF_8));
    }

    @Override
    public void write(int b) {
        terminal.write(b);
        take(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        terminal.write(b, off, len);
        for (int i = off; i < off + len; i++) {
            take(b[i]);
        }
    }

    private void take(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            writer.writeAgentLine(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
        } else if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    @Override
    public void flush() {
        terminal.flush();
    }
}
