package zpm.agent.os;

import com.sun.jna.LastErrorException;

import java.io.IOException;

/**
 * The last step of {@code zpm-agent --daemon}'s child: its stdout and stderr become /dev/null once
 * it serves. Until then its stderr is a pipe the starting command reads, so that a refusal (the
 * state directory's lock, a port in use) reaches the user; after that nobody reads the pipe, and
 * the agent's own log is {@code agent.log}. The JDK cannot redirect fd 1 and 2 of a running
 * process: dup2 through JNA.
 */
public final class Detach {

    private Detach() {
    }

    /** Blocking (two syscalls). Points fd 1 and 2 at /dev/null. */
    public static void stdioToDevNullBlocking() throws IOException {
        LibC.require();
        int fd;
        try {
            fd = LibC.open("/dev/null", LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open /dev/null: " + LibC.describe(e.getErrorCode()));
        }
        try {
            LibC.dup2(fd, 1); // the copies have no O_CLOEXEC, as fd 1 and 2 never do
            LibC.dup2(fd, 2);
        } catch (LastErrorException e) {
            throw new IOException("cannot redirect stdout/stderr to /dev/null: " + LibC.describe(e.getErrorCode()));
        } finally {
            NativeSpawn.closeAll(fd);
        }
    }
}
