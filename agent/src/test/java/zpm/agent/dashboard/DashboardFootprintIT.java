package zpm.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;
import zpm.agent.app.Await;
import zpm.protocol.client.ZpmClient;

/**
 * The dashboard costs nothing until someone opens it: an agent that supervises, answers calls and
 * serves the WebSocket has loaded no class of zpm.agent.dashboard; the first {@code GET /} loads it.
 */
class DashboardFootprintIT {

    private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*] (zpm\\.agent\\.dashboard\\.\\S+) source:");

    @TempDir
    Path dir;

    @Test
    void anAgentThatNeverServedThePageLoadedNoneOfIt() throws Exception {
        Path classes = dir.resolve("classes.log");
        Path config = Fixtures.sleepers(dir, 2, "");
        try (AgentProcess a = AgentProcess.start(dir, config, List.of("-Xlog:class+load=info:file=" + classes))) {
            a.awaitWorkers("sleepers", 2);
            try (ZpmClient client = a.client()) {
                assertThat(client.call("status").get("workers")).hasSize(2);
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + a.httpPort();
                HttpResponse<String> rpc = http.send(HttpRequest.newBuilder(URI.create(base + "/rpc"))
                        .header("Authorization", "Bearer " + a.token())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"apps.list\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(rpc.statusCode()).isEqualTo(200);
                // the agent answered over TCP and HTTP: whatever it loads for that is in the log by now
                assertThat(dashboardClasses(classes)).as("dashboard classes of an agent nobody opened").isEmpty();

                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/dashboard.js\">");
                assertThat(Await.until("the dashboard's classes in the log", () -> {
                    List<String> loaded = dashboardClasses(classes);
                    return loaded.isEmpty() ? null : loaded;
                })).contains("zpm.agent.dashboard.DashboardFiles");
            }
        }
    }

    private static List<String> dashboardClasses(Path log) {
        try {
            return Files.readAllLines(log).stream().map(LOADED::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("class log unreadable: " + e);
        }
    }
}
