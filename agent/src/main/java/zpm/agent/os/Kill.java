package zpm.agent.os;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill(2) through JNA: any signal to a pid or (negative pid) a process group, in microseconds.
 * JDK 17 itself can only send TERM and KILL, and only to its own handles. The first call loads
 * libc (~80 ms); {@link #preload()} pays that early on a thread that does not mind.
 */
public final class Kill {

    public static final int SIGKILL = 9;

    private static final Logger log = LoggerFactory.getLogger(Kill.class);
    private static final int EPERM = 1;
    private static final int ESRCH = 3;

    private Kill() {
    }

    /** Loads libc now, so that the first real signal does not pay for it. */
    public static void preload() {
        if (!LibC.available()) {
            log.warn("jna=unavailable fallback=/bin/kill error={}", String.valueOf(LibC.loadError()));
        }
    }

    /**
     * Sends {@code sig} to {@code pid}; a negative pid means the process group {@code -pid}.
     *
     * @return true when delivered; false when there is no such process (ESRCH) or we may not
     */
    public static boolean kill(long pid, int sig) {
        if (pid == 0 || pid == -1 || pid > Integer.MAX_VALUE || pid < -Integer.MAX_VALUE) {
            // 0 and -1 mean "my group" and "everyone" to kill(2): never what a caller wants
            throw new IllegalArgumentException("refusing kill(" + pid + ")");
        }
        if (!LibC.available()) {
            return killByCommand(pid, sig);
        }
        try {
            LibC.kill((int) pid, sig);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ESRCH) {
                log.warn("kill pid={} sig={} errno={}{}", pid, sig, e.getErrorCode(),
                        e.getErrorCode() == EPERM ? " (not permitted)" : "");
            }
            return false;
        }
    }

    /** Sends {@code sig} to every process of the group {@code pgid}. */
    public static boolean killGroup(long pgid, int sig) {
        return kill(-pgid, sig);
    }

    /** Fallback without JNA: ~2 ms a call through /bin/kill. */
    private static boolean killByCommand(long pid, int sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, "--", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            log.warn("kill pid={} sig={} error={}", pid, sig, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
