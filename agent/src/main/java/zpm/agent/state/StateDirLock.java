package zpm.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * One agent per state directory: an exclusive lock on {@code <stateDir>/lock}, held for the
 * agent's whole life and taken before anything else in the directory is read or written. A
 * second agent would otherwise delete the first one's control.sock and rewrite its pids.json.
 * The kernel drops the lock when the process dies, however it dies: no stale lock to clean up.
 * The file holds the owner's pid, so the refusal can name it.
 */
public final class StateDirLock implements AutoCloseable {

    public static final String FILE_NAME = "lock";

    /**
     * Directories locked by this JVM. POSIX record locks belong to the process, and closing any
     * channel on the file drops them all (FileLock's Javadoc): a second agent in this JVM must be
     * refused before it opens the file at all.
     */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocking. Takes the lock or throws {@link StateDirBusyException} without changing anything. */
    public static StateDirLock acquireBlocking(Path stateDir) throws IOException {
        Path dir = stateDir.toRealPath();
        synchronized (HELD) {
            if (HELD.contains(dir)) {
                throw busy(stateDir, Long.toString(ProcessHandle.current().pid()));
            }
            StateDirLock taken = lockFile(stateDir, dir);
            HELD.add(dir);
            return taken;
        }
    }

    private static StateDirLock lockFile(Path stateDir, Path dir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        // no TRUNCATE: a refused agent must leave the owner's pid in place
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String owner = ownerPid(ch);
            ch.close();
            throw busy(stateDir, owner);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new StateDirLock(dir, ch, lock);
    }

    private static StateDirBusyException busy(Path stateDir, String ownerPid) {
        return new StateDirBusyException("state dir " + stateDir + " is in use by another agent (pid " + ownerPid
                + ", lock " + stateDir.resolve(FILE_NAME) + "): quit that agent first, or start this one with"
                + " another --state-dir");
    }

    private static String ownerPid(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return s.matches("\\d+") ? s : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock (the file stays: deleting it would let two agents lock two files). */
    @Override
    public void close() {
        synchronized (HELD) { // released before another agent of this JVM may open the file
            if (!HELD.contains(dir)) {
                return; // closed already
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock; failing that, the process exit does
            } finally {
                HELD.remove(dir);
            }
        }
    }

    /** Another agent holds the state directory. */
    public static final class StateDirBusyException extends IllegalStateException {
        StateDirBusyException(String message) {
            super(message);
        }
    }
}
