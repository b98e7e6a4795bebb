package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

/**
 * {@code GET /metrics} of a real agent with real workers: the figures agree with status and
 * apps.list, a SIGKILL shows as a restart and an exit by signal, calls show as RPC counts; the
 * page passes promtool; the token rules; {@code /healthz} without one. One agent for the class.
 */
class MetricsIT {

    @TempDir
    static Path dir;
    private static AgentProcess agent;
    private static int http;
    private static String token;

    @BeforeAll
    static void startAgent() throws Exception {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: web
                    command: [sleep, "100000"]
                    size: 3
                    maxMemoryMb: 64
                  - name: idle
                    command: [sleep, "100000"]
                    size: 1
                """);
        agent = AgentProcess.start(dir, config);
        agent.awaitWorkers("web", 3);
        agent.awaitWorkers("idle", 1);
        http = agent.httpPort();
        token = agent.token();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void everyWorkerAndAppAgreesWithStatus() throws Exception {
        try (ZpmClient c = agent.client()) {
            // a worker forked since the last sample (the replacement of a killed one) shows its
            // figures from the next sample on: wait for a page that has them for every worker
            JsonNode[] workers = new JsonNode[1];
            Map<String, Double> m = Await.until("every worker online and sampled", () -> {
                JsonNode w = call(c, "status").get("workers");
                Map<String, Double> page = w.size() == 4 && allOnline(w) ? Scrapes.series(scrape()) : Map.of();
                workers[0] = w;
                return page.keySet().stream().filter(k -> k.startsWith("zpm_worker_cpu_seconds_total{")).count() == 4
                        ? page : null;
            });
            for (JsonNode w : workers[0]) {
                String id = "{app=\"" + w.get("app").asText() + "\",slot=\"" + w.get("slot").asInt() + "\"";
                assertThat(m).containsEntry("zpm_worker_up" + id + "}", 1.0)
                        .containsEntry("zpm_worker_state" + id + ",state=\"online\"}", 1.0)
                        .containsEntry("zpm_worker_state" + id + ",state=\"backoff\"}", 0.0)
                        .containsEntry("zpm_worker_restarts_total" + id + "}", w.get("restarts").asDouble())
                        .containsKey("zpm_worker_cpu_seconds_total" + id + "}")
                        .containsKey("zpm_worker_connections" + id + "}");
                assertThat(m.get("zpm_worker_resident_memory_bytes" + id + "}")).as("rss of %s", id).isPositive();
                double started = m.get("zpm_worker_start_time_seconds" + id + "}");
                double expected = (System.currentTimeMillis() - w.get("uptimeMs").asLong()) / 1000.0;
                assertThat(started).as("start time of %s", id).isCloseTo(expected, org.assertj.core.data.Offset.offset(30.0));
            }
            for (JsonNode a : call(c, "apps.list").get("apps")) {
                String app = "{app=\"" + a.get("name").asText() + "\"";
                assertThat(m).containsEntry("zpm_app_desired_workers" + app + "}", a.get("size").asDouble())
                        .containsEntry("zpm_app_ready_workers" + app + "}", a.get("online").asDouble())
                        .containsEntry("zpm_app_state" + app + ",state=\"" + a.get("state").asText() + "\"}", 1.0);
            }
            assertThat(m).containsEntry("zpm_app_max_memory_bytes{app=\"web\"}", 64.0 * 1024 * 1024)
                    .doesNotContainKey("zpm_app_max_memory_bytes{app=\"idle\"}");
            assertThat(m.get("zpm_events_total{type=\"fork\"}")).isGreaterThanOrEqualTo(4.0);
            assertThat(m.get("process_resident_memory_bytes")).isPositive();
            assertThat(m.get("process_open_fds")).isPositive();
            assertThat(m.get("process_cpu_seconds_total")).isPositive();
            assertThat(m.get("process_start_time_seconds") * 1000)
                    .isCloseTo((double) System.currentTimeMillis(), org.assertj.core.data.Offset.offset(600_000.0));
            assertThat(m.keySet()).anyMatch(k -> k.startsWith("zpm_build_info{"))
                    .noneMatch(k -> k.contains("pid="));
        }
    }

    @Test
    void aKilledWorkerCountsAsARestartAndAnExitBySignal() throws Exception {
        List<Long> before = agent.awaitWorkers("idle", 1);
        double exits = Scrapes.series(scrape()).getOrDefault("zpm_exits_total{app=\"idle\",reason=\"signal\"}", 0.0);
        ProcessHandle.of(before.get(0)).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL from outside
        Await.until("a new idle worker", () -> {
            List<Long> now = agent.workerPids("idle");
            return now.size() == 1 && !now.equals(before) ? now : null;
        });
        try (ZpmClient c = agent.client()) {
            JsonNode w = Await.until("the replacement online", () -> {
                JsonNode rows = call(c, "status").get("workers");
                for (JsonNode r : rows) {
                    if (r.get("app").asText().equals("idle") && r.get("state").asText().equals("online")) {
                        return r;
                    }
                }
                return null;
            });
            Map<String, Double> m = Scrapes.series(scrape());
            assertThat(w.get("restarts").asInt()).isPositive();
            assertThat(m).containsEntry("zpm_worker_restarts_total{app=\"idle\",slot=\"0\"}", w.get("restarts").asDouble())
                    .containsEntry("zpm_exits_total{app=\"idle\",reason=\"signal\"}", exits + 1);
        }
    }

    @Test
    void rpcRequestsAreCountedByMethodAndOutcome() throws Exception {
        String ok = "zpm_rpc_requests_total{method=\"agent.info\",outcome=\"ok\"}";
        String unknown = "zpm_rpc_requests_total{method=\"unknown\",outcome=\"method_not_found\"}";
        Map<String, Double> before = Scrapes.series(scrape());
        try (ZpmClient c = agent.client()) {
            call(c, "agent.info");
            call(c, "agent.info");
            try {
                c.call("no.such.method");
            } catch (Exception expected) {
                // counted as unknown / method_not_found
            }
        }
        Map<String, Double> after = Scrapes.series(scrape());
        assertThat(after.get(ok)).isEqualTo(before.getOrDefault(ok, 0.0) + 2);
        assertThat(after.get(unknown)).isEqualTo(before.getOrDefault(unknown, 0.0) + 1);
        assertThat(after.keySet()).noneMatch(k -> k.contains("no.such.method"));
    }

    @Test
    void thePagePassesPromtool() throws Exception {
        assumeThat(Scrapes.promtoolMissing()).as("promtool not installed: apt-get install prometheus").isFalse();
        assertThat(Scrapes.promtoolCheck(dir, scrape())).isEqualTo("exit 0");
    }

    @Test
    void openMetricsWhenAskedFor() throws Exception {
        HttpResponse<String> r = Scrapes.get(http, "/metrics", token,
                "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(r.body()).endsWith("# EOF\n").contains("# TYPE zpm_worker_restarts counter");
    }

    @Test
    void aTokenIsNeededAndTheReadOnlyOneIsEnough() throws Exception {
        HttpResponse<String> none = Scrapes.get(http, "/metrics", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(none.body()).contains("-32001").doesNotContain("zpm_");
        assertThat(Scrapes.get(http, "/metrics", "wrong", null).statusCode()).isEqualTo(401);
        String readOnly = Files.readString(agent.stateDir.resolve("token.readonly")).trim();
        HttpResponse<String> ro = Scrapes.get(http, "/metrics", readOnly, null);
        assertThat(ro.statusCode()).isEqualTo(200);
        assertThat(ro.body()).contains("zpm_worker_up{");
    }

    @Test
    void healthzNeedsNoTokenAndSaysNothingElse() throws Exception {
        HttpResponse<String> r = Scrapes.get(http, "/healthz", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    private static String scrape() {
        HttpResponse<String> r;
        try {
            r = Scrapes.get(http, "/metrics", token, null);
        } catch (Exception e) {
            throw new AssertionError("GET /metrics failed", e);
        }
        assertThat(r.statusCode()).as("GET /metrics: %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        return r.body();
    }

    private static JsonNode call(ZpmClient c, String method) {
        try {
            return c.call(method);
        } catch (Exception e) {
            throw new AssertionError(method + " failed", e);
        }
    }

    private static boolean allOnline(JsonNode workers) {
        for (JsonNode w : workers) {
            if (!w.get("state").asText().equals("online")) {
                return false;
            }
        }
        return true;
    }
}
