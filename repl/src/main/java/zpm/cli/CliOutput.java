package zpm.cli;

import zpm.repl.Output;

import java.io.PrintStream;

/** The command line's output: results on stdout, problems on stderr prefixed "zpm: ", no styles. */
final class CliOutput implements Output {

    private final PrintStream out;
    private final PrintStream err;

    CliOutput(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void println(String text) {
        out.println(text);
        out.flush(); // each line now: `zpm logs -f | grep` must see lines as they come
    }

    @Override
    public synchronized void error(String text) {
        out.flush(); // keeps stdout and stderr in order when both go to one place
        err.println("zpm: " + text);
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
