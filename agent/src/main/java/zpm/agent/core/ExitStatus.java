package zpm.agent.core;

/**
 * How a process ended: an exit code, or the signal that killed it.
 *
 * @param code   the exit code, or null when a signal ended the process
 * @param signal the signal name without "SIG" (e.g. "KILL"), or null
 * @param reason what the kernel tells of the end beyond the status: {@code "oom"} when its OOM
 *               killer ended a process of the worker's cgroup; else null
 */
public record ExitStatus(Integer code, String signal, String reason) {

    public ExitStatus(Integer code, String signal) {
        this(code, signal, null);
    }

    /** The same status with {@code reason} (null: none). */
    public ExitStatus withReason(String why) {
        return new ExitStatus(code, signal, why);
    }

    public static ExitStatus ofCode(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus ofSignal(String signal) {
        return new ExitStatus(null, signal);
    }

    /**
     * Decodes a wait(2) status: the low 7 bits are the signal that ended the process (0 for a
     * normal exit, whose code is in the next 8 bits). Unlike the JDK's 128+N convention, an exit
     * with code 137 stays a code.
     */
    public static ExitStatus fromWaitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? ofCode((status >> 8) & 0xff) : ofSignal(Signal.nameOf(signal));
    }

    /** Exit code 0: what {@code on-failure} does not restart. */
    public boolean clean() {
        return code != null && code == 0;
    }

    @Override
    public String toString() {
        return (code != null ? "code=" + code : "signal=" + signal) + (reason == null ? "" : " reason=" + reason);
    }
}
