package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.os.PidRegistry;
import zpm.protocol.client.ZpmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code zpm-agent --daemon} and {@code <stateDir>/agent.json}, with real agent JVMs. */
class DaemonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    /** Detached agents (pid to state directory) are not our children: ended by pid, with their workers, after each test. */
    private final Map<Long, Path> detached = new HashMap<>();

    /**
     * SIGKILL, then what the next agent on the state directory would do: its recorded cgroups
     * are ended and removed (a killed agent cannot remove them itself).
     */
    @AfterEach
    void endDetached() throws Exception {
        for (Map.Entry<Long, Path> agent : detached.entrySet()) {
            Optional<ProcessHandle> p = ProcessHandle.of(agent.getKey());
            if (p.isPresent()) {
                p.get().descendants().forEach(ProcessHandle::destroyForcibly);
                p.get().destroyForcibly();
                p.get().onExit().get(10, TimeUnit.SECONDS);
            }
            PidRegistry.endStale(agent.getValue());
        }
    }

    private Path config(String yaml) throws IOException {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private AgentProcess launcher(String name, Path state, Path config) throws IOException {
        Path own = Files.createDirectories(dir.resolve(name));
        return started.add(AgentProcess.start(own, state, config, List.of(), "--daemon"));
    }

    @Test
    void aForegroundAgentWritesAgentJsonWithItsBoundPortsAndRemovesItAtAGracefulQuit() throws Exception {
        Path state = dir.resolve("state");
        Path config = config("apps: []\n");
        AgentProcess agent = started.add(AgentProcess.start(Files.createDirectories(dir.resolve("fg")), state, config,
                List.of()));
        Path file = state.resolve("agent.json");
        JsonNode json = Await.until("agent.json", () -> read(file));

        assertThat(json.path("pid").asLong()).isEqualTo(agent.pid());
        assertThat(json.path("rpc").asText()).isEqualTo("127.0.0.1:" + agent.rpcPort());
        assertThat(json.path("http").asText()).isEqualTo("127.0.0.1:" + agent.httpPort());
        assertThat(json.path("version").asText()).isNotBlank();
        assertThat(json.path("startedAtMs").asLong()).isPositive();
        assertThat(json.path("config").asText()).isEqualTo(config.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        agent.process.destroy(); // SIGTERM: graceful quit
        assertThat(agent.awaitExit(30)).isEqualTo(Main.EXIT_OK);
        assertThat(file).doesNotExist();
    }

    @Test
    void daemonDetachesAnswersAndASecondDaemonOnTheSameStateDirExitsOneLeavingTheFirstUntouched() throws Exception {
        Path state = dir.resolve("state");
        Path config = config("""
                apps:
                  - name: web
                    command: [sleep, "100000"]
                    size: 1
                """);
        AgentProcess launcher = launcher("first", state, config);
        assertThat(launcher.awaitExit(60)).as(launcher.stderrText()).isEqualTo(Main.EXIT_OK);
        Matcher m = Pattern.compile("zpm-agent: started in the background, pid (\\d+), state directory (.+), rpc "
                + "127\\.0\\.0\\.1:(\\d+)").matcher(launcher.stdoutText());
        assertThat(m.find()).as(launcher.stdoutText()).isTrue();
        long pid = Long.parseLong(m.group(1));
        detached.put(pid, state);
        int port = Integer.parseInt(m.group(3));

        assertThat(m.group(2)).isEqualTo(state.toString());
        assertThat(sessionId(pid)).as("its own session").isNotEqualTo(sessionId(ProcessHandle.current().pid()))
                .isEqualTo(pid);
        assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L))
                .as("not the launcher's child any more").isNotEqualTo(launcher.pid());
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/2")).toString()).isEqualTo("/dev/null");
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0")).toString()).isEqualTo("/dev/null");
        String token = Files.readString(state.resolve("token")).trim();
        try (ZpmClient c = ZpmClient.builder().port(port).token(token).build()) {
            c.connect();
            assertThat(c.call("agent.info").path("pid").asLong()).isEqualTo(pid);
        }
        byte[] address = Files.readAllBytes(state.resolve("agent.json"));

        AgentProcess second = launcher("second", state, config);

        assertThat(second.awaitExit(60)).isEqualTo(Main.EXIT_FAILED);
        assertThat(second.stderrText()).contains("in use by another agent (pid " + pid + ",")
                .contains("before it served");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Files.readAllBytes(state.resolve("agent.json"))).isEqualTo(address);
        try (ZpmClient c = ZpmClient.builder().port(port).token(token).build()) {
            c.connect();
            assertThat(c.call("status").get("workers")).hasSize(1);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command name). */
    private static long sessionId(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]);
    }
}
