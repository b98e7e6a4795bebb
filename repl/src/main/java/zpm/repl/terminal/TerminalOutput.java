package zpm.repl.terminal;

import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import zpm.repl.Output;
import zpm.repl.render.Style;

/** The console's output: the terminal, with events printed above the line being typed. */
final class TerminalOutput implements Output {

    private final Terminal terminal;
    private final boolean color;
    private volatile LineReader reader;

    TerminalOutput(Terminal terminal, boolean color) {
        this.terminal = terminal;
        this.color = color;
    }

    /** From now on, async lines go above the prompt. */
    void attach(LineReader r) {
        this.reader = r;
    }

    @Override
    public synchronized void println(String text) {
        terminal.writer().println(text);
        terminal.flush();
    }

    @Override
    public void error(String text) {
        println(Style.RED.apply(text, color));
    }

    @Override
    public void async(String text) {
        LineReader r = reader;
        if (r == null) {
            println(text);
            return;
        }
        // printAbove redraws the prompt and the half-typed line under the text (or just prints
        // while no line is being read), under the reader's lock.
        synchronized (this) {
            r.printAbove(text);
        }
    }

    @Override
    public boolean color() {
        return color;
    }

    @Override
    public void flush() {
        terminal.flush();
    }
}
