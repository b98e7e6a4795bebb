package zpm.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code zpm} in this JVM, as bin/zpm would, and keeps what it printed. */
record ZpmRun(int code, String out, String err) {

    static ZpmRun run(Path zpmHome, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("ZPM_TOKEN");
        e.remove("ZPM_STATE_DIR");
        e.putAll(env);
        int code = Zpm.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), e, System.getProperty("user.home"), zpmHome, false);
        return new ZpmRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static ZpmRun run(String... args) {
        return run(Path.of("/nonexistent-zpm-home"), Map.of(), args);
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
