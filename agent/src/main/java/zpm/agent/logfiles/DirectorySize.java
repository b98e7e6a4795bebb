package zpm.agent.logfiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The log directory's total bytes (its files, not below), measured at most every few seconds. */
final class DirectorySize {

    private static final long MAX_AGE_NANOS = 5_000_000_000L;

    private final Path dir;
    private long measuredAt;
    private long bytes = -1;

    DirectorySize(Path dir) {
        this.dir = dir;
    }

    /** Blocking (one stat per file): call off the event loop. 0 when the directory is missing. */
    synchronized long bytesBlocking() {
        long now = System.nanoTime();
        if (bytes >= 0 && now - measuredAt < MAX_AGE_NANOS) {
            return bytes;
        }
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    total += a.isRegularFile() ? a.size() : 0;
                } catch (IOException gone) {
                    // rotated or compressed away meanwhile
                }
            }
        } catch (IOException e) {
            total = 0;
        }
        bytes = total;
        measuredAt = now;
        return total;
    }
}
