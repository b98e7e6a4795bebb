package zpm.repl;

/**
 * Where the console writes. Every method may be called from any thread: events arrive on the
 * client's dispatch thread while the main thread runs a command or reads a line.
 */
public interface Output {

    /** A line (or lines) of a command's output. */
    void println(String text);

    /** A problem, for the operator. */
    void error(String text);

    /** Something that happened meanwhile (an event): above the prompt in the console. */
    void async(String text);

    /** True when styles show (a terminal with color, and color not turned off). */
    boolean color();

    /** Pushes out what is buffered. */
    void flush();
}
