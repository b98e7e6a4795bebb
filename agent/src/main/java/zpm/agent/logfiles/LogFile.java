package zpm.agent.logfiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One live log file ({@code web.out.log}) and its rotated ones ({@code web.out.log.1} newest ...
 * {@code .keep}, or {@code .N.gz}). Written by the writer thread only; the gzip thread touches the
 * rotated files under {@link #lock}, which rotation holds while it renames, so a file being
 * compressed is never lost or compressed under the wrong number.
 */
final class LogFile {

    private static final Set<StandardOpenOption> APPEND =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    final Path path;
    /** Guards the rotated files' names and {@link #pending}. */
    final Object lock = new Object();
    /** Rotated files waiting for (or in) compression, by their current number; under {@link #lock}. */
    final List<GzipJob> pending = new ArrayList<>();
    private FileChannel channel;
    /** The identity of the file the channel has open: another file at the path means it moved. */
    private Object fileKey;
    private long size;
    /** The UTC day of the last line written (or of the file's last change when opened). */
    private LocalDate day;

    LogFile(Path path) {
        this.path = path;
    }

    boolean isOpen() {
        return channel != null;
    }

    long size() {
        return size;
    }

    /**
     * Opens (creating it, mode 0600) and appends from its end; a half line left by a failure is
     * ended. Its day (daily rotation) is its last change's, or {@code now}'s when it is empty.
     */
    void open(Instant now) throws IOException {
        FileChannel ch = FileChannel.open(path, APPEND,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            size = ch.size();
            if (size > 0 && !endsWithNewline(path, size)) {
                // a write cut by a crash or a full disk: end it so the next line starts on its own
                size += ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            fileKey = attrs.fileKey();
            day = LocalDate.ofInstant(size == 0 ? now : attrs.lastModifiedTime().toInstant(), ZoneOffset.UTC);
            channel = ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Read through a channel of its own: an appending channel cannot read. */
    private static boolean endsWithNewline(Path path, long size) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            return in.read(last, size - 1) == 1 && last.get(0) == '\n';
        }
    }

    /** Closes the channel; the next write opens the path again. */
    void close() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to write to it
            }
        }
    }

    /** Whether the path no longer names the file open (moved, deleted, or its directory removed). */
    boolean movedAway() {
        try {
            return !Objects.equals(fileKey, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether a line of {@code bytes}, after {@code buffered} bytes not written yet, must go to a
     * new file written {@code now}.
     */
    boolean needsRotation(long buffered, int bytes, Rotation r, Instant now) {
        long before = size + buffered;
        if (before == 0) {
            return false; // a line longer than maxBytes still goes somewhere: alone in its file
        }
        return before + bytes > r.maxBytes() || (r.daily() && LocalDate.ofInstant(now, ZoneOffset.UTC).isAfter(day));
    }

    /**
     * Writes all of {@code buf}; on failure the file is cut back to where this write started, so
     * that no part of a line stays in it (the lines are counted as unwritten instead).
     */
    void write(ByteBuffer buf, Instant now) throws IOException {
        long start = size;
        try {
            while (buf.hasRemaining()) {
                size += channel.write(buf);
            }
            day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        } catch (IOException e) {
            try {
                channel.truncate(start);
                size = start;
            } catch (IOException ignored) {
                // a read-only or vanished file: open() ends a half line when writing resumes
            }
            throw e;
        }
    }

    /**
     * Renames the live file to {@code .1} after shifting the rotated ones up ({@code .keep}
     * deleted; with keep 0 the live file itself is), then opens a new live file.
     *
     * @return the job compressing the new {@code .1}, or null
     */
    GzipJob rotate(Rotation r, Instant now) throws IOException {
        close();
        GzipJob job = null;
        synchronized (lock) {
            if (r.keep() == 0) {
                Files.deleteIfExists(path);
            } else {
                shiftUp(r.keep());
                Files.move(path, rotated(1, false), StandardCopyOption.ATOMIC_MOVE);
                if (r.compress()) {
                    job = new GzipJob(this, 1);
                    pending.add(job);
                }
            }
        }
        open(now);
        return job;
    }

    /** Under {@link #lock}: {@code .i} -> {@code .i+1} from the oldest, {@code .keep} and beyond deleted. */
    private void shiftUp(int keep) throws IOException {
        for (GzipJob j : pending) {
            if (j.index >= keep) {
                j.cancelled = true;
            }
        }
        pending.removeIf(j -> j.cancelled);
        // .keep goes, and so do any beyond it: left by a larger keep before the setting was lowered
        for (int i = keep; Files.exists(rotated(i, false)) || Files.exists(rotated(i, true)) || i == keep; i++) {
            Files.deleteIfExists(rotated(i, false));
            Files.deleteIfExists(rotated(i, true));
        }
        for (int i = keep - 1; i >= 1; i--) {
            for (boolean gz : new boolean[] {false, true}) {
                try {
                    Files.move(rotated(i, gz), rotated(i + 1, gz), StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException absent) {
                    // fewer rotated files than keep so far
                }
            }
        }
        for (GzipJob j : pending) {
            j.index++;
        }
    }

    /** {@code web.out.log.3} or {@code web.out.log.3.gz}. */
    Path rotated(int index, boolean gz) {
        return path.resolveSibling(path.getFileName() + "." + index + (gz ? ".gz" : ""));
    }

    /** Plain rotated files a previous agent left uncompressed: compressed now (under {@link #lock}). */
    List<GzipJob> leftUncompressed(Rotation r) {
        List<GzipJob> jobs = new ArrayList<>();
        if (!r.compress()) {
            return jobs;
        }
        synchronized (lock) {
            for (int i = 1; i <= r.keep(); i++) {
                int n = i;
                if (Files.isRegularFile(rotated(i, false)) && pending.stream().noneMatch(j -> j.index == n)) {
                    GzipJob job = new GzipJob(this, i);
                    pending.add(job);
                    jobs.add(job);
                }
            }
        }
        return jobs;
    }

    /** "No space left on device (/path)": the OS's reason first, then the file. */
    String describe(IOException e) {
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse) {
            reason = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
            if (e instanceof java.nio.file.AccessDeniedException && fse.getReason() == null) {
                reason = "Permission denied";
            } else if (e instanceof java.nio.file.NoSuchFileException && fse.getReason() == null) {
                reason = "No such file or directory";
            }
        }
        return (reason == null ? e.getClass().getSimpleName() : reason) + " (" + path + ")";
    }
}
