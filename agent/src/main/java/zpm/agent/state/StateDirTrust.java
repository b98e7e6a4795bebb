package zpm.agent.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state directory is trusted as ssh trusts a key file: another user who can write in it could
 * plant an apps.json whose command this agent runs as its own user, or a pids.json that makes it
 * kill a process. So the directory, every directory above it and every regular file in it must
 * be owned by this agent's user (or root) and writable by no one else. A directory above it may
 * be writable by others when it is sticky (/tmp): then no one can rename what they do not own.
 */
public final class StateDirTrust {

    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;

    private StateDirTrust() {
    }

    /** Blocking. Throws {@link UntrustedStateDirException} naming each problem and the command that fixes it. */
    public static void checkBlocking(Path stateDir) throws IOException {
        List<String> problems = problemsBlocking(stateDir);
        if (!problems.isEmpty()) {
            throw new UntrustedStateDirException("state dir " + stateDir + " is not safe to use: "
                    + String.join("; ", problems));
        }
    }

    /** Blocking: every problem, each with its fix; empty when the directory is trusted. */
    public static List<String> problemsBlocking(Path stateDir) throws IOException {
        int self = uid(Path.of("/proc/self"), true); // /proc/self belongs to the effective uid
        Path real = stateDir.toRealPath();
        List<String> problems = new ArrayList<>();
        check(real, self, false, problems);
        for (Path up = real.getParent(); up != null; up = up.getParent()) {
            check(up, self, true, problems);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(real)) {
            for (Path f : files) {
                // sockets and links are skipped: only a regular file's content is read back
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    check(f, self, false, problems);
                }
            }
        }
        return problems;
    }

    private static void check(Path p, int self, boolean stickyAllowed, List<String> problems) throws IOException {
        int owner = uid(p, false);
        if (owner != self && owner != 0) {
            problems.add(p + " is owned by uid " + owner + ", not by this agent's uid " + self
                    + " (chown " + self + " " + p + ")");
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean sticky = (mode & STICKY) != 0;
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(stickyAllowed && sticky)) {
            problems.add(p + " is writable by " + ((mode & 0002) != 0 ? "every user" : "its group")
                    + " (mode " + Integer.toOctalString(mode & 07777) + "; chmod go-w " + p + ")");
        }
    }

    private static int uid(Path p, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[]{LinkOption.NOFOLLOW_LINKS};
        return (Integer) Files.getAttribute(p, "unix:uid", opts);
    }

    /** The state directory or a file in it could have been written by someone else. */
    public static final class UntrustedStateDirException extends IllegalStateException {
        UntrustedStateDirException(String message) {
            super(message);
        }
    }
}
