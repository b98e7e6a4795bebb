package zpm.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import zpm.agent.core.ExitStatus;

/**
 * One {@code posix_spawn} of a worker, with its stdout and stderr on pipes of our own and a
 * pidfd that becomes readable when it exits. Compared with {@link ProcessBuilder} this costs no
 * helper exec ({@code jspawnhelper}) and, above all, no threads: the JDK parks a reaper thread
 * per child and needs one blocking reader per pipe, while these fds all go to one epoll loop.
 *
 * <p>The child: stdin is /dev/null, stdout and stderr are the pipes, every other fd is closed
 * ({@code closefrom(3)}: the agent's sockets never leak into a worker), the signal mask is empty
 * and every signal has its default action (a JVM parent blocks or ignores some), and it leads a
 * new session and process group whose id is its pid ({@code POSIX_SPAWN_SETSID}).
 */
final class NativeSpawn {

    /** A started child; the caller owns the three fds. */
    record Child(int pid, int stdout, int stderr, int pidfd) {
    }

    /** A spawn that did not start a process; nothing is left open. */
    static final class Failure extends Exception {
        private final int errno;

        Failure(String message) {
            this(message, 0);
        }

        Failure(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        /** What posix_spawn returned, or 0 when the failure came before it. */
        int errno() {
            return errno;
        }
    }

    private NativeSpawn() {
    }

    /**
     * @param path absolute path of the program to exec
     * @param argv its argv, argv[0] included
     * @param env  the complete environment
     * @param cwd  the working directory, or null for the agent's
     */
    static Child spawn(String path, List<String> argv, Map<String, String> env, String cwd) throws Failure {
        return spawn(path, argv, env, cwd, null);
    }

    /**
     * @param cgroup a cgroup v2 directory the child is created in (glibc 2.39+,
     *               {@link LibC#spawnsIntoCgroup()}), or null for the agent's own
     */
    static Child spawn(String path, List<String> argv, Map<String, String> env, String cwd, Path cgroup)
            throws Failure {
        LibC.require(); // the first native call of a start-up: say clearly why it cannot work here
        int[] out = pipe();
        int[] err;
        try {
            err = pipe();
        } catch (Failure f) {
            closeAll(out[0], out[1]);
            throw f;
        }
        int pid;
        try {
            pid = start(new Target(path, argv, env, cwd, cgroup), out[1], err[1]);
        } catch (Failure f) {
            closeAll(out[0], out[1], err[0], err[1]);
            throw f;
        }
        closeAll(out[1], err[1]); // the child has its copies; EOF comes when the last copy closes
        int pidfd;
        try {
            pidfd = LibC.pidfdOpen(pid);
        } catch (LastErrorException e) {
            // cannot happen for an unreaped child of ours; if it does, the child must not run unwatched
            Kill.kill(pid, Kill.SIGKILL);
            LibC.waitpid(pid, new int[1], 0);
            closeAll(out[0], err[0]);
            throw new Failure("pidfd_open failed: " + LibC.describe(e.getErrorCode()));
        }
        return new Child(pid, out[0], err[0], pidfd);
    }

    /** What to start, and where. */
    private record Target(String path, List<String> argv, Map<String, String> env, String cwd, Path cgroup) {
    }

    private static int start(Target t, int stdoutFd, int stderrFd) throws Failure {
        int cgroupFd = -1;
        if (t.cgroup() != null) {
            try {
                cgroupFd = LibC.open(t.cgroup().toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
            } catch (LastErrorException e) {
                throw new Failure("cannot open cgroup " + t.cgroup() + ": " + LibC.describe(e.getErrorCode()));
            }
        }
        try {
            return start(t, stdoutFd, stderrFd, cgroupFd);
        } finally {
            if (cgroupFd >= 0) {
                closeAll(cgroupFd);
            }
        }
    }

    private static int start(Target t, int stdoutFd, int stderrFd, int cgroupFd) throws Failure {
        Memory actions = new Memory(LibC.FILE_ACTIONS_BYTES);
        Memory attr = new Memory(LibC.SPAWN_ATTR_BYTES);
        Memory sigset = new Memory(LibC.SIGSET_BYTES);
        check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check(LibC.posix_spawnattr_init(attr), "posix_spawnattr_init");
            try {
                check(LibC.posix_spawn_file_actions_adddup2(actions, stdoutFd, 1), "adddup2 stdout");
                check(LibC.posix_spawn_file_actions_adddup2(actions, stderrFd, 2), "adddup2 stderr");
                check(LibC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", LibC.O_RDONLY, 0),
                        "addopen stdin");
                if (t.cwd() != null) {
                    check(LibC.posix_spawn_file_actions_addchdir_np(actions, t.cwd()), "addchdir");
                }
                check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom");
                short flags = LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK | LibC.POSIX_SPAWN_SETSIGDEF;
                if (cgroupFd >= 0) {
                    check(LibC.posix_spawnattr_setcgroup_np(attr, cgroupFd), "setcgroup");
                    flags |= LibC.POSIX_SPAWN_SETCGROUP;
                }
                check(LibC.posix_spawnattr_setflags(attr, flags), "setflags");
                LibC.sigemptyset(sigset);
                check(LibC.posix_spawnattr_setsigmask(attr, sigset), "setsigmask");
                LibC.sigfillset(sigset);
                check(LibC.posix_spawnattr_setsigdefault(attr, sigset), "setsigdefault");
                int[] pid = new int[1];
                int rc;
                try (Memory argvBlock = strings(t.argv()); Memory envBlock = strings(envp(t.env()))) {
                    rc = LibC.posix_spawn(pid, t.path(), actions, attr, argvBlock, envBlock);
                }
                if (rc != 0) {
                    // glibc reports the child's chdir/exec failure here, before returning
                    throw new Failure(LibC.describe(rc), rc);
                }
                return pid[0];
            } finally {
                LibC.posix_spawnattr_destroy(attr);
            }
        } finally {
            LibC.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static List<String> envp(Map<String, String> env) {
        List<String> out = new ArrayList<>(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out;
    }

    /**
     * A NULL-terminated {@code char *[]} and its UTF-8 strings in one native block, freed by the
     * caller's close: JNA's StringArray would leave one block per string to its cleaner thread.
     */
    private static Memory strings(List<String> values) {
        List<byte[]> bytes = new ArrayList<>(values.size());
        long table = (long) (values.size() + 1) * Native.POINTER_SIZE;
        long size = table;
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            bytes.add(b);
            size += b.length + 1;
        }
        Memory block = new Memory(size);
        long at = table;
        for (int i = 0; i < bytes.size(); i++) {
            byte[] b = bytes.get(i);
            block.write(at, b, 0, b.length);
            block.setByte(at + b.length, (byte) 0);
            block.setPointer((long) i * Native.POINTER_SIZE, block.share(at));
            at += b.length + 1;
        }
        block.setPointer((long) bytes.size() * Native.POINTER_SIZE, null);
        return block;
    }

    /** A pipe whose read end (index 0) is non-blocking; both ends close on exec. */
    private static int[] pipe() throws Failure {
        int[] fds = new int[2];
        try {
            LibC.pipe2(fds, LibC.O_CLOEXEC);
            LibC.fcntl(fds[0], LibC.F_SETFL, LibC.fcntl(fds[0], LibC.F_GETFL, 0) | LibC.O_NONBLOCK);
            return fds;
        } catch (LastErrorException e) {
            if (fds[0] > 0) {
                closeAll(fds[0], fds[1]);
            }
            throw new Failure("pipe failed: " + LibC.describe(e.getErrorCode()));
        }
    }

    /**
     * Runs a short command to its end with its output discarded (a write to stdout or stderr
     * ends it with SIGPIPE), off any event loop: for probes of the machine at start-up.
     *
     * @return the exit code, or -1 when it died of a signal or ran past {@code timeoutMs} (it is
     *         then killed)
     */
    static int run(String path, List<String> argv, Map<String, String> env, int timeoutMs) throws Failure {
        Child c = spawn(path, argv, env, null);
        closeAll(c.stdout(), c.stderr());
        boolean ended = false;
        Integer code = null;
        try {
            ended = awaitReadable(c.pidfd(), timeoutMs);
        } finally {
            if (!ended) {
                Kill.killGroup(c.pid(), Kill.SIGKILL); // too slow, or the wait failed: never leave it
            }
            int[] status = new int[1];
            try {
                LibC.waitpid(c.pid(), status, 0);
                code = ExitStatus.fromWaitStatus(status[0]).code();
            } catch (LastErrorException e) {
                code = null; // cannot happen for our own unreaped child; counts as a failed run
            }
            closeAll(c.pidfd());
        }
        return ended && code != null ? code : -1;
    }

    /** Whether the fd turned readable within the time; EINTR is retried. */
    private static boolean awaitReadable(int fd, int timeoutMs) throws Failure {
        try (Memory pollfd = new Memory(LibC.POLLFD_BYTES)) {
            pollfd.clear();
            pollfd.setInt(0, fd);
            pollfd.setShort(4, LibC.POLLIN);
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            for (long left = timeoutMs; left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
                try {
                    if (LibC.poll(pollfd, 1, (int) left) > 0) {
                        return true;
                    }
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        throw new Failure("poll failed: " + LibC.describe(e.getErrorCode()));
                    }
                }
            }
            return false;
        }
    }

    private static void check(int rc, String what) throws Failure {
        if (rc != 0) {
            throw new Failure(what + " failed: " + LibC.describe(rc));
        }
    }

    static void closeAll(int... fds) {
        for (int fd : fds) {
            try {
                LibC.close(fd);
            } catch (LastErrorException e) {
                // EBADF or EINTR: on Linux the fd is released either way
            }
        }
    }
}
