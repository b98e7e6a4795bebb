package zpm.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end (bounded), with exactly the environment given, and keeps what it printed. */
final class Shell {

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Shell() {
    }

    static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("still running after 120 s: " + command);
            }
        } finally {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A PATH directory holding only these programs (symlinks to the machine's): a JRE and no Maven. */
    static Path pathWith(Path dir, Path java, String... programs) throws IOException {
        Path bin = Files.createDirectories(dir);
        Files.createSymbolicLink(bin.resolve("java"), java);
        for (String name : programs) {
            for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path candidate = Path.of(d, name);
                if (Files.isExecutable(candidate)) {
                    Files.createSymbolicLink(bin.resolve(name), candidate);
                    break;
                }
            }
        }
        return bin;
    }

    /** A PATH directory with every program of the machine's /usr/bin and /bin but Maven's (mvn, mvnDebug, ...). */
    static Path machinePathWithoutMaven(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir);
        for (String d : List.of("/usr/bin", "/bin")) {
            try (var programs = Files.list(Path.of(d))) {
                for (Path program : programs.toList()) {
                    String name = program.getFileName().toString();
                    if (!name.startsWith("mvn") && Files.notExists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), program);
                    }
                }
            }
        }
        return bin;
    }

    /** Deletes a directory made by {@link #pathWith} or {@link #machinePathWithoutMaven}, so that the temp dir's cleanup meets no link to outside it. */
    static void removePath(Path bin) throws IOException {
        if (Files.isDirectory(bin, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var links = Files.list(bin)) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(bin);
        }
    }
}
