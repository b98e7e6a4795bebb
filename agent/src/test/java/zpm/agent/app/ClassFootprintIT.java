package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.RpcException;

/**
 * The agent builds and writes its JSON trees with Jackson's streaming parser and generator only.
 * An {@code ObjectMapper} (its own, Vert.x's databind codec, or one Jackson makes for a tree's
 * {@code toString()}) would load some 650 classes, about 6 MB of the agent's memory. A real agent
 * logs every class it loads while it reads a YAML config, answers over TCP and HTTP, turns a bad
 * param into an error, streams events through a rolling restart and over SSE, serves logs, starts
 * an app and quits; none of those classes may be a mapper.
 */
class ClassFootprintIT {

    private static final Set<String> MAPPERS = Set.of(
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.databind.node.InternalNodeMapper",
            "io.vertx.core.json.jackson.DatabindCodec");

    @TempDir
    Path dir;

    @Test
    void theAgentNeverBuildsAnObjectMapper() throws Exception {
        Path classes = dir.resolve("classes.log");
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: sleepers
                    command: [sleep, "100000"]
                    size: 2
                    env: {MODE: "0755"}
                """);
        try (AgentProcess a = AgentProcess.start(dir, config, List.of("-Xlog:class+load=info:file=" + classes))) {
            a.awaitWorkers("sleepers", 2);
            String banner = Await.until("the banner", () -> a.stdoutText().contains("console:") ? a.stdoutText() : null);
            String token = Files.readString(a.stateDir.resolve("token")).trim();
            try (ZpmClient client = ZpmClient.builder().port(port(banner, "tcp 127\\.0\\.0\\.1:(\\d+)"))
                    .token(token).build()) {
                client.connect();
                List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
                client.subscribe(List.of("online"), null, events::add);
                assertThat(client.call("status").get("workers")).hasSize(2);
                assertThatThrownBy(() -> client.call("resize", Map.of("app", "sleepers", "size", "many")))
                        .isInstanceOf(RpcException.class).hasMessageContaining("(got \"many\")");
                assertThat(client.call("restart", Map.of("target", "sleepers")).get("started")).hasSize(2);
                Await.until("two online events", () -> events.size() >= 2 ? events : null);
                client.call("apps.start", Map.of("app", Map.of("name", "talker",
                        "command", List.of("sh", "-c", "echo hello; exec sleep 100000"), "size", 1)));
                Await.until("the talker's line", () -> client.call("logs", Map.of("target", "talker"))
                        .get("lines").size() == 1 ? true : null);

                String httpBase = "http://127.0.0.1:" + port(banner, "http http://127\\.0\\.0\\.1:(\\d+)");
                HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(httpBase + "/rpc"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"agent.info\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(http.statusCode()).isEqualTo(200);
                assertThat(http.body()).contains("\"result\"");
                assertThat(firstSseData(httpBase, token)).contains("\"type\"");
                client.call("agent.quit");
            }
            assertThat(a.awaitExit(60)).isZero();
        }
        Set<String> loaded = ClassLog.loaded(classes);
        assertThat(loaded).as("the log lists the tree classes the agent does use")
                .contains("com.fasterxml.jackson.databind.node.ObjectNode", "com.fasterxml.jackson.core.JsonGenerator");
        assertThat(MAPPERS.stream().filter(loaded::contains)).as("mapper classes the agent loaded").isEmpty();
    }

    /** The first {@code data:} line of {@code GET /events} replaying the kept events from seq 1. */
    private static String firstSseData(String httpBase, String token) throws Exception {
        HttpResponse<InputStream> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(httpBase + "/events")).header("Authorization", "Bearer " + token)
                .header("Last-Event-ID", "0").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
            // the replay comes at once; the deadline only keeps a broken stream from hanging the test
            return CompletableFuture.supplyAsync(() -> lines.lines().filter(l -> l.startsWith("data:")).findFirst()
                    .orElse("")).get(60, TimeUnit.SECONDS);
        }
    }

    private static int port(String banner, String regex) {
        Matcher m = Pattern.compile(regex).matcher(banner);
        assertThat(m.find()).as("banner: %s", banner).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
