package zpm.agent.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real agent asked to listen beyond loopback: with {@code --token-file} naming a missing file
 * it used to make a token up and listen (a warning only); now it refuses to start, makes no
 * token and forks no worker. A token file that exists is used as it is.
 */
class ExposedTokenFileIT {

    private static final String SLEEPER = """
            apps:
              - name: sleeper
                command: [sleep, "100000"]
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private AgentProcess agent(String... flags) throws IOException {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, SLEEPER);
        return started.add(AgentProcess.start(dir, config, flags));
    }

    @Test
    void aMissingTokenFileBeyondLoopbackStopsTheStartBeforeAnyWorker() throws Exception {
        Path missing = dir.resolve("typo-token");
        AgentProcess a = agent("--rpc", "0.0.0.0:0", "--token-file", missing.toString());

        assertThat(a.awaitExit(60)).as(a.stderrText()).isEqualTo(1);
        assertThat(a.stderrText()).contains("0.0.0.0:0").contains("beyond loopback")
                .contains(missing + " does not exist").contains("create it with a token").contains("127.0.0.1")
                .doesNotContain("STARTING");
        assertThat(missing).doesNotExist();
        assertThat(a.workerPids(null)).isEmpty();
    }

    @Test
    void anExistingTokenFileBeyondLoopbackIsUsedAsItIs() throws Exception {
        Path tokenFile = dir.resolve("token");
        String token = "a-token-the-operator-made-beforehand";
        Files.writeString(tokenFile, token + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        AgentProcess a = agent("--http", "0.0.0.0:0", "--token-file", tokenFile.toString());
        a.awaitWorkers("sleeper", 1);

        try (ZpmClient client = ZpmClient.builder().port(rpcPort(a)).token(token).build()) {
            client.connect();
            assertThat(client.call("status").get("workers")).hasSize(1);
            assertThat(client.call("agent.quit").get("quitting").asBoolean()).isTrue();
        }
        assertThat(a.awaitExit(60)).as(a.stderrText()).isZero();
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(token);
    }

    private static int rpcPort(AgentProcess a) {
        return Integer.parseInt(Await.until("the banner", () -> {
            Matcher m = Pattern.compile("JSON-RPC: tcp 127\\.0\\.0\\.1:(\\d+)").matcher(a.stdoutText());
            return m.find() ? m.group(1) : null;
        }));
    }
}
