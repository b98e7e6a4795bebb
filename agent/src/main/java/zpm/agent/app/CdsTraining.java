package zpm.agent.app;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zpm.protocol.client.ZpmClient;

/**
 * One short life of a real agent in this process (a YAML config, two workers, a client asking for
 * {@code status}, then {@code agent.quit}), so that bin/zpm-agent can record the classes an agent
 * loads into an AppCDS archive ({@code -XX:ArchiveClassesAtExit}) once per build and JDK. Mapped
 * from the archive, those classes cost the agent about 3 MB less memory and start faster.
 */
public final class CdsTraining {

    private static final long DEADLINE_MS = 60_000;

    private CdsTraining() {
    }

    /** {@code args[0]}: an empty directory for the config and state, removed by the caller. */
    public static void main(String[] args) throws Exception {
        // only returns when the quit did not exit (with 0): the launcher keeps no archive then
        System.exit(train(Path.of(args[0])));
    }

    private static int train(Path dir) throws Exception {
        Path config = dir.resolve("cds.yaml");
        Files.writeString(config, """
                agent:
                  rpc: 127.0.0.1:0
                  http: 127.0.0.1:0
                  stateDir: %s
                apps:
                  - name: cds
                    command: [sleep, "600"]
                    size: 2
                """.formatted(dir.resolve("state")));
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int started = Main.run(new String[] {"--config", config.toString(), "--log-level", "warn"},
                new PrintStream(banner, true, StandardCharsets.UTF_8), sink);
        if (started >= 0) {
            return started;
        }
        Matcher port = Pattern.compile("JSON-RPC: tcp [^:]+:(\\d+)").matcher(banner.toString(StandardCharsets.UTF_8));
        if (!port.find()) {
            return 1;
        }
        String token = Files.readString(dir.resolve("state").resolve("token")).trim();
        try (ZpmClient client = ZpmClient.builder().host("127.0.0.1").port(Integer.parseInt(port.group(1)))
                .token(token).build()) {
            client.connect();
            long deadline = System.currentTimeMillis() + DEADLINE_MS;
            while (client.call("status").findValuesAsText("state").stream().filter("online"::equals).count() < 2
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            client.call("agent.quit"); // the graceful quit ends in System.exit(0): the archive is written
        }
        Thread.sleep(DEADLINE_MS);
        return 1;
    }
}
