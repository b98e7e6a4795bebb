package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** apps.save, apps.resurrect, saved.json at start without --config, and the quit line, with real agent JVMs. */
class SavedAppsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private AgentProcess agent(String name, Path state) throws IOException {
        return started.add(AgentProcess.start(Files.createDirectories(dir.resolve(name)), state, null, List.of()));
    }

    private static void startApp(ZpmClient c, String name, int size) {
        c.call("apps.start", Map.of("app", Map.of("name", name, "command", List.of("sleep", "100000"), "size", size)));
    }

    @Test
    void saveQuitAndANewAgentWithoutConfigBringsBackTheSameAppsAndSizes() throws Exception {
        Path state = dir.resolve("state");
        AgentProcess first = agent("first", state);
        try (ZpmClient c = first.client()) {
            startApp(c, "web", 2);
            startApp(c, "api", 1);
            c.call("resize", Map.of("app", "web", "size", 3));
            first.awaitWorkers("web", 3);

            JsonNode saved = c.call("apps.save");
            assertThat(saved.path("path").asText()).isEqualTo(state.resolve("saved.json").toString());
            assertThat(JSON.convertValue(saved.path("apps"), List.class)).containsExactly("web", "api");
            JsonNode again = c.call("apps.resurrect");
            assertThat(again.path("started")).isEmpty();
            assertThat(JSON.convertValue(again.path("running"), List.class)).containsExactly("web", "api");
            c.call("resize", Map.of("app", "web", "size", 1));
            first.awaitWorkers("web", 1);
        }
        Path file = state.resolve("saved.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode apps = JSON.readTree(file.toFile()).path("apps");
        assertThat(apps.get(0).path("size").asInt()).isEqualTo(3);
        assertThat(apps.get(1).path("size").asInt()).isEqualTo(1);

        first.process.destroy(); // SIGTERM: graceful quit
        assertThat(first.awaitExit(30)).isEqualTo(Main.EXIT_OK);
        assertThat(first.stderrText()).contains("apps changed since the last save (zpm save keeps them): web 3->1");

        AgentProcess second = agent("second", state);
        second.awaitWorkers("web", 3);
        second.awaitWorkers("api", 1);
        try (ZpmClient c = second.client()) {
            c.call("apps.delete", Map.of("app", "api"));
            JsonNode back = c.call("apps.resurrect");
            assertThat(JSON.convertValue(back.path("started"), List.class)).containsExactly("api");
            assertThat(JSON.convertValue(back.path("running"), List.class)).containsExactly("web");
        }
        second.awaitWorkers("api", 1);
        second.awaitWorkers("web", 3);
    }

    @Test
    void resurrectWithNothingSavedIsInvalidParamsNamingTheFileAndZpmSave() throws Exception {
        Path state = dir.resolve("state");
        AgentProcess agent = agent("only", state);
        try (ZpmClient c = agent.client()) {
            RpcException e = catchThrowableOfType(() -> c.call("apps.resurrect"), RpcException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.getMessage()).contains(state.resolve("saved.json").toString()).contains("zpm save");
        }
        agent.process.destroy();
        assertThat(agent.awaitExit(30)).isEqualTo(Main.EXIT_OK);
        assertThat(agent.stderrText()).doesNotContain("apps changed since the last save");
    }
}
