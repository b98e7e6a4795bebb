package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real agent JVMs on one state directory: one agent per directory, and state files that are wrong. */
class StateDirAgentIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private AgentProcess agent(String name, Path state, String yaml) throws IOException {
        Path own = Files.createDirectories(dir.resolve(name));
        Path config = own.resolve("zpm.yaml");
        Files.writeString(config, yaml);
        return started.add(AgentProcess.start(own, state, config, List.of()));
    }

    private static String sleepers(String app, int size) {
        return """
                apps:
                  - name: %s
                    command: [sleep, "100000"]
                    size: %d
                """.formatted(app, size);
    }

    @Test
    void aSecondAgentOnTheSameStateDirExitsAtOnceNamingTheFirstAndTouchesNothing() throws Exception {
        Path state = dir.resolve("state");
        AgentProcess first = agent("first", state, sleepers("web", 1));
        long worker = first.awaitWorkers("web", 1).get(0);
        Path sock = state.resolve("control.sock");
        Await.until("control.sock", () -> Files.exists(sock));
        Object sockInode = Files.getAttribute(sock, "unix:ino");
        byte[] pids = Files.readAllBytes(state.resolve("pids.json"));
        try (ZpmClient c = first.client()) {
            c.call("apps.start", java.util.Map.of("app", java.util.Map.of("name", "late",
                    "command", List.of("sleep", "100000"), "size", 1)));
        }
        first.awaitWorkers("late", 1);
        pids = Files.readAllBytes(state.resolve("pids.json"));
        byte[] apps = Files.readAllBytes(state.resolve("apps.json"));

        AgentProcess second = agent("second", state, sleepers("other", 1));

        assertThat(second.awaitExit(30)).isEqualTo(Main.EXIT_FAILED);
        assertThat(second.stderrText()).contains("in use by another agent (pid " + first.pid() + ",")
                .contains("quit that agent first");
        assertThat(first.process.isAlive()).isTrue();
        assertThat(Await.gone(worker)).isFalse();
        assertThat(Files.getAttribute(sock, "unix:ino")).as("control.sock untouched").isEqualTo(sockInode);
        assertThat(Files.readAllBytes(state.resolve("pids.json"))).isEqualTo(pids);
        assertThat(Files.readAllBytes(state.resolve("apps.json"))).isEqualTo(apps);
        assertThat(Files.readString(state.resolve("lock")).trim()).isEqualTo(Long.toString(first.pid()));
        try (ZpmClient c = first.client()) {
            assertThat(c.call("status").get("workers")).hasSize(2);
        }
    }

    @Test
    void corruptStateFilesAreSetAsideAndTheConfigAppsStartAllTheSame() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(state.resolve("apps.json"), "{\"apps\": [ {\"app\": ");
        Files.writeString(state.resolve("pids.json"), "not json at all");

        AgentProcess a = agent("a", state, sleepers("web", 2));
        a.awaitWorkers("web", 2);

        assertThat(a.stderrText()).contains(state.resolve("apps.json") + " is corrupt")
                .contains(state.resolve("pids.json") + " is corrupt");
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("apps.json.corrupt-")).anyMatch(n -> n.startsWith("pids.json.corrupt-"));
        }
        try (ZpmClient c = a.client()) {
            JsonNode problems = c.call("agent.info").get("stateDirProblems");
            assertThat(problems.toString()).contains("apps.json is corrupt").contains("pids.json is corrupt");
        }
    }
}
