package zpm.repl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs zpm-repl as its own JVM, as a script would, and keeps what it printed and its exit code. */
public final class ReplProcess {

    /** What one run printed, and how it ended. */
    public record Result(int exit, String out, String err) {
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private ReplProcess() {
    }

    /** {@code java -cp <test classpath> zpm.repl.Main args}, with {@code stdin} piped in. */
    public static Result run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "zpm.repl.Main"));
        cmd.addAll(List.of(args));
        return exec(dir, cmd, stdin, Map.of());
    }

    /** Any command line, e.g. the bin/zpm-repl launcher. */
    public static Result exec(Path dir, List<String> cmd, String stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("ZPM_TOKEN");
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString()); // never the real ~/.local/state
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("zpm-repl still running after 60 s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
