package zpm.agent.os;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Finds argv[0] the way execvp(3) will, before we fork. Without this check the setsid/setpriv
 * wrapper starts fine and then exits 127 when it cannot exec the command, which the core would
 * read as a crash and restart in a loop; a clear spawnFailed is what the operator needs.
 */
public final class CommandResolver {

    /** What execvp searches when PATH is unset (glibc's confstr(_CS_PATH)). */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private CommandResolver() {
    }

    /**
     * @param path  the executable found, or null
     * @param error why there is none ("command not found: ...", "not executable: ..."), or null
     */
    public record Resolution(Path path, String error) {
        public boolean found() {
            return path != null;
        }

        static Resolution of(Path path) {
            return new Resolution(path, null);
        }

        static Resolution failed(String error) {
            return new Resolution(null, error);
        }
    }

    /**
     * @param argv0   the command: a path when it contains '/', else a name looked up on PATH
     * @param cwd     the worker's working directory (null: the agent's)
     * @param pathEnv the worker's PATH (null: unset, so execvp's default)
     */
    public static Resolution resolve(String argv0, String cwd, String pathEnv) {
        if (argv0 == null || argv0.isEmpty()) {
            return Resolution.failed("empty command");
        }
        try {
            return argv0.indexOf('/') >= 0 ? resolvePath(argv0, cwd) : searchPath(argv0, cwd, pathEnv);
        } catch (InvalidPathException e) {
            return Resolution.failed("command not found: " + argv0 + " (" + e.getMessage() + ")");
        }
    }

    private static Resolution resolvePath(String argv0, String cwd) {
        Path p = base(cwd).resolve(argv0).normalize();
        if (!Files.exists(p)) {
            return Resolution.failed("command not found: " + argv0 + " (no such file: " + p + ")");
        }
        if (Files.isDirectory(p)) {
            return Resolution.failed("not executable: " + argv0 + " (" + p + " is a directory)");
        }
        if (!Files.isExecutable(p)) {
            return Resolution.failed("not executable: " + argv0 + " (" + p + " lacks execute permission)");
        }
        return Resolution.of(p);
    }

    private static Resolution searchPath(String name, String cwd, String pathEnv) {
        String path = pathEnv != null ? pathEnv : DEFAULT_PATH;
        Path notExecutable = null;
        // split with -1 keeps empty entries: POSIX reads "" in PATH as the current directory
        for (String dir : path.split(":", -1)) {
            Path candidate = base(cwd).resolve(dir.isEmpty() ? "." : dir).resolve(name).normalize();
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return Resolution.of(candidate);
                }
                notExecutable = notExecutable == null ? candidate : notExecutable;
            }
        }
        if (notExecutable != null) {
            return Resolution.failed("not executable: " + name + " (" + notExecutable
                    + " lacks execute permission)");
        }
        return Resolution.failed("command not found: " + name + " (not on PATH=" + path + ")");
    }

    private static Path base(String cwd) {
        return (cwd == null || cwd.isEmpty() ? Path.of("") : Path.of(cwd)).toAbsolutePath();
    }
}
