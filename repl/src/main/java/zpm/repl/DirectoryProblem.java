package zpm.repl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Why a directory (a state directory given with {@code --state-dir}) cannot be used, in the OS's
 * words ("No such file or directory", "Not a directory", "Permission denied"), so a mistyped path
 * says so instead of showing up later as "no token".
 */
public final class DirectoryProblem {

    private DirectoryProblem() {
    }

    /** "DIR: reason", or null when it is a directory whose entries can be looked up. */
    public static String of(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            if (!a.isDirectory()) {
                return dir + ": Not a directory";
            }
            Files.readAttributes(dir.resolve("."), BasicFileAttributes.class);
            return null;
        } catch (IOException e) {
            return dir + ": " + (e instanceof NoSuchFileException && underAFile(dir) ? "Not a directory" : reason(e));
        }
    }

    /**
     * Whether a component of the path is a file, not a directory: the kernel's ENOTDIR, which some
     * JDKs (25) report as NoSuchFileException like ENOENT.
     */
    private static boolean underAFile(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return !Files.isDirectory(p);
            }
        }
        return false;
    }

    /** The strerror text of the errno the JDK turned into this exception. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
