package zpm.repl;

import java.io.PrintStream;

/** Scripted mode: plain text to stdout, problems to stderr (prefixed, as tools do), no styles. */
final class StreamOutput implements Output {

    private final PrintStream out;
    private final PrintStream err;

    StreamOutput(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void println(String text) {
        out.println(text);
        out.flush(); // each result (and each followed event or log line) now, for pipes like `| jq`
    }

    @Override
    public synchronized void error(String text) {
        out.flush(); // keep the order of stdout and stderr when both go to one place
        err.println("zpm-repl: " + text);
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
