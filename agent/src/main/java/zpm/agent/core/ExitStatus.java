package zpm.agent.core;

/**
 * How a process ended: an exit code, or the signal that killed it.
 *
 * @param code   the exit code, or null when a signal ended the process
 * @param signal the signal name without "SIG" (e.g. "KILL"), or null
 */
public record ExitStatus(Integer code, String signal) {

    public static ExitStatus ofCode(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus ofSignal(String signal) {
        return new ExitStatus(null, signal);
    }

    /**
     * Decodes what {@code Process.exitValue()} reports on Linux: 128+N means signal N
     * (the JDK folds a signal death into that convention).
     */
    public static ExitStatus fromJdkExitValue(int value) {
        if (value > 128 && value < 128 + 65) {
            return ofSignal(Signal.nameOf(value - 128));
        }
        return ofCode(value);
    }

    /** Exit code 0: what {@code on-failure} does not restart. */
    public boolean clean() {
        return code != null && code == 0;
    }

    @Override
    public String toString() {
        return code != null ? "code=" + code : "signal=" + signal;
    }
}
