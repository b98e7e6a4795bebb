package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.os.Accounts;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An app's user and group (workers run as nobody/nogroup) and autostart: false, with a real agent JVM. */
class RunAsIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void workersRunAsTheAppsUserAndGroupUnknownNamesAreRefusedAndAnAppMayBeDeclaredWithoutStarting()
            throws Exception {
        assumeTrue(Accounts.effectiveUidBlocking() == 0, "needs root: only root starts processes as another user");
        Accounts.User nobody = Accounts.userBlocking("nobody");
        long nogroup = Accounts.groupBlocking("nogroup");
        assumeTrue(nobody != null && nogroup >= 0, "needs the user nobody and the group nogroup");
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: low
                    command: [sleep, "100000"]
                    user: nobody
                    group: nogroup
                  - name: later
                    command: [sleep, "100000"]
                    size: 2
                    autostart: false
                """);
        AgentProcess agent = started.add(AgentProcess.start(dir, config));
        long worker = agent.awaitWorkers("low", 1).get(0);
        assertThat(ids(worker, "Uid:")).containsOnly(Long.toString(nobody.uid()));
        assertThat(ids(worker, "Gid:")).containsOnly(Long.toString(nogroup));

        try (ZpmClient c = agent.client()) {
            JsonNode later = app(c, "later");
            assertThat(later.path("size").asInt()).isZero();
            assertThat(later.path("spec").path("size").asInt()).isEqualTo(2);
            assertThat(later.path("spec").path("autostart").asBoolean(true)).isFalse();
            assertThat(app(c, "low").path("spec").path("user").asText()).isEqualTo("nobody");
            assertThat(agent.workerPids("later")).isEmpty();
            c.call("restart", Map.of("target", "later"));
            agent.awaitWorkers("later", 2);

            RpcException e = catchThrowableOfType(() -> c.call("apps.start", Map.of("app", Map.of("name", "ghost",
                    "command", List.of("sleep", "1"), "user", "no-such-user-zpm"))), RpcException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
            assertThat(e.getMessage()).contains("user \"no-such-user-zpm\" does not exist");
        }

        agent.process.destroyForcibly(); // SIGKILL: the parent-death signal, set again after setpriv's switch, ends it
        Await.until("the nobody worker ended with the agent", () -> Await.gone(worker) ? true : null);
    }

    private static JsonNode app(ZpmClient c, String name) {
        for (JsonNode a : c.call("apps.list").path("apps")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no app " + name);
    }

    /** The real, effective, saved and filesystem ids of a process's "Uid:" or "Gid:" line. */
    private static List<String> ids(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return List.of(line.substring(key.length()).trim().split("\\s+"));
            }
        }
        throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
    }
}
