package zpm.agent.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.os.PidRegistry;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent's state directory before a supervisor uses it: created private (0700: the token and
 * the control socket live there), checked as ssh checks its keys (see {@link StateDirTrust}),
 * locked for this agent alone, and cleared of the workers a killed agent left running.
 */
public final class StateDir {

    private static final Logger log = LoggerFactory.getLogger(StateDir.class);

    /** What an agent holds on its state directory for its whole life. */
    public record Opened(StateDirLock lock, PidRegistry pids, StateDirHealth health) {
    }

    private StateDir() {
    }

    /**
     * Blocking (files, /proc). In this order: create, check trust, lock, and only then read or
     * write anything in it. A refusal (untrusted, or locked by another agent) changes nothing.
     */
    public static Opened openBlocking(Path stateDir) throws IOException {
        try {
            return openCheckedBlocking(stateDir);
        } catch (FileSystemException e) {
            throw new IOException("state dir " + stateDir + " cannot be used: " + withReason(e)
                    + "; check the --state-dir path, or choose another directory", e);
        }
    }

    /**
     * The file and the OS's reason. The JDK leaves the reason out for some errors (a missing
     * parent, EACCES: only the path); here it is always said, as the OS would.
     */
    static String withReason(FileSystemException e) {
        String reason = e.getReason();
        if (reason == null) {
            reason = e instanceof NoSuchFileException ? "No such file or directory"
                    : e instanceof AccessDeniedException ? "Permission denied"
                    : e instanceof FileAlreadyExistsException ? "File exists"
                    : e instanceof NotDirectoryException ? "Not a directory"
                    : e.getClass().getSimpleName();
        }
        return (e.getFile() == null ? "" : e.getFile() + ": ") + reason;
    }

    private static Opened openCheckedBlocking(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir);
            try {
                Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                log.debug("state dir {} has no POSIX permissions", stateDir);
            }
        }
        StateDirTrust.checkBlocking(stateDir);
        StateDirLock lock = StateDirLock.acquireBlocking(stateDir);
        try {
            StateDirHealth health = new StateDirHealth(stateDir);
            int n = PidRegistry.endStale(stateDir, health::setAside);
            if (n > 0) {
                log.warn("ended {} process(es) left running by a previous agent (state dir {})", n, stateDir);
            }
            PidRegistry pids = new PidRegistry(stateDir);
            health.watch(pids);
            return new Opened(lock, pids, health);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }
}
