package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.os.CgroupSupport;
import zpm.protocol.client.ZpmClient;

/**
 * {@code limits.memoryMb} on a real agent: a worker that allocates past it is ended by the kernel's
 * OOM killer, and its status row's last exit says {@code oom}; an app started over JSON-RPC with
 * limits the machine can enforce is taken. Skipped where no memory controller can be used.
 */
class KernelLimitsIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void aWorkerPastItsMemoryLimitShowsOomAsItsLastExit() throws Exception {
        CgroupSupport s = CgroupSupport.systemBlocking();
        assumeTrue(s.controllers().containsKey("memory"), "no usable memory controller: " + s.refusal(
                new zpm.agent.core.AppSpec.Limits(32, null)));
        Path config = Files.writeString(dir.resolve("zpm.yaml"), """
                apps:
                  - name: hog
                    command: [tail, /dev/zero]
                    restart: never
                    limits: {memoryMb: 32}
                """);
        AgentProcess a = started.add(AgentProcess.start(dir, config));
        a.rpcPort(); // up: the banner is printed once the token is written

        try (ZpmClient c = a.client()) {
            JsonNode exit = Await.until("the hog's last exit", () -> {
                try {
                    JsonNode w = c.call("status").get("workers").get(0);
                    return w.get("lastExit").isNull() ? null : w.get("lastExit");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(exit.get("signal").asText()).isEqualTo("KILL");
            assertThat(exit.get("reason").asText()).isEqualTo("oom");
            JsonNode app = c.call("apps.list").get("apps").get(0);
            assertThat(app.get("spec").get("limits").toString()).isEqualTo("{\"memoryMb\":32}");
            c.call("agent.quit", Map.of());
        }
        assertThat(a.awaitExit(30)).isZero();
    }
}
