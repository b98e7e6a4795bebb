package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A port held by another process (here this test's JVM, without SO_REUSEPORT) is named as the
 * cause of the workers' young deaths, in the danger event and the app's reason.
 */
class PortHeldIT {

    private static final String BIND = "import os, socket, time\n"
            + "s = socket.socket()\n"
            + "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)\n"
            + "s.bind(('127.0.0.1', int(os.environ['PORT'])))\n"
            + "s.listen()\n"
            + "time.sleep(100000)\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void aPortInUseByAnotherProcessIsNamedWithItsPidAndName() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            AgentProcess agent = started.add(AgentProcess.start(dir, null));
            String expected = "port " + port + " is in use by pid " + ProcessHandle.current().pid() + " (java)";
            try (ZpmClient c = agent.client()) {
                List<String> dangers = new ArrayList<>();
                c.subscribe(List.of("danger"), "web", e -> {
                    synchronized (dangers) {
                        dangers.add(e.toJson().toString());
                    }
                });
                c.call("apps.start", Map.of("app", Map.of("name", "web", "command", List.of("python3", "-c", BIND),
                        "port", port, "readiness", Map.of("type", "none"),
                        "backoff", Map.of("initialMs", 200, "maxMs", 400, "burst", 1)), "timeout", 1000));
                String reason = Await.until("the app's reason naming the holder", () -> {
                    for (JsonNode a : c.call("apps.list").path("apps")) {
                        String r = a.path("reason").asText("");
                        if (r.contains(expected)) {
                            return r;
                        }
                    }
                    return null;
                });
                assertThat(reason).contains("younger than minRestartAgeMs");
                // the danger edge comes with the first young death, whose exit waits for the scan
                Await.until("a danger event", () -> {
                    synchronized (dangers) {
                        return dangers.isEmpty() ? null : dangers.get(0);
                    }
                });
                synchronized (dangers) {
                    assertThat(dangers.get(0)).contains(expected);
                }
            }
        }
    }
}
