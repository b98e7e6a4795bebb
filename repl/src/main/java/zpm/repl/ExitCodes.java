package zpm.repl;

/** zpm-repl's exit codes; README and {@link Options#USAGE} document them. */
public final class ExitCodes {

    /** Every command succeeded. */
    public static final int OK = 0;
    /** A command failed: the agent answered with an error (or did not answer in time). */
    public static final int FAILED = 1;
    /** Bad flags or a mistyped command; a -c script with one is not run at all. */
    public static final int USAGE = 2;
    /** Could not connect (nothing listening, unreachable, TLS mismatch), or the connection was lost. */
    public static final int CONNECTION = 3;
    /** The agent refused the token, or no token was found. */
    public static final int AUTH = 4;

    private ExitCodes() {
    }

    /** The code of a run: the worst of its commands' codes. */
    static int worst(int a, int b) {
        return Math.max(a, b);
    }
}
