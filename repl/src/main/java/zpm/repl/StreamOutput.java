package zpm.repl;

import java.io.PrintStream;

/**
 * Scripted mode and the one-shot {@code zpm}: plain text to stdout, problems to stderr (prefixed
 * with the program's name, as tools do), no styles.
 */
public final class StreamOutput implements Output {

    private final PrintStream out;
    private final PrintStream err;
    private final String prefix;

    StreamOutput(PrintStream out, PrintStream err) {
        this(out, err, "zpm-repl");
    }

    /** @param program named before each problem on stderr */
    public StreamOutput(PrintStream out, PrintStream err, String program) {
        this.out = out;
        this.err = err;
        this.prefix = program + ": ";
    }

    @Override
    public synchronized void println(String text) {
        out.println(text);
        out.flush(); // each result (and each followed event or log line) now, for pipes like `| jq` or `| grep`
    }

    @Override
    public synchronized void error(String text) {
        out.flush(); // keep the order of stdout and stderr when both go to one place
        err.println(prefix + text);
        err.flush();
    }

    @Override
    public synchronized void async(String text) {
        println(text);
    }

    @Override
    public boolean color() {
        return false;
    }

    @Override
    public synchronized void flush() {
        out.flush();
        err.flush();
    }
}
