package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The first status of an agent's life shows CPU: a rate sampled on demand, not null until a second call. */
class FirstStatusCpuIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void theFirstStatusCallHasACpuFigureForEveryWorker() throws Exception {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: busy
                    command: [sh, -c, 'while :; do :; done']
                    size: 2
                """);
        AgentProcess agent = started.add(AgentProcess.start(dir, config));
        agent.awaitWorkers("busy", 2);
        try (ZpmClient c = agent.client()) {
            JsonNode workers = c.call("status").get("workers");
            assertThat(workers).hasSize(2);
            for (JsonNode w : workers) {
                assertThat(w.get("cpu").isNumber()).as("cpu of %s on the first call", w).isTrue();
                assertThat(w.get("cpu").asDouble()).isPositive(); // a busy loop: well above zero
            }
        }
    }
}
