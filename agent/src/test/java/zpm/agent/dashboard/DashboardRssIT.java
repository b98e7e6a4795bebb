package zpm.agent.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import zpm.agent.app.AgentProcess;
import zpm.protocol.client.ZpmClient;

/**
 * A measurement, not a test (run by examples/bench/dashboard-rss.sh, skipped otherwise): the
 * agent's RSS with N sleeping workers while idle, while a headless Chromium keeps the dashboard
 * open for 60 s, and after the page closed. The agent runs with the daemon's JVM flags.
 */
@EnabledIfSystemProperty(named = "zpm.bench.dashboardRss", matches = "\\d+")
class DashboardRssIT {

    /** bin/zpm-agent's flags (examples/bench/common.sh keeps the same list). */
    private static final List<String> DAEMON = List.of("-XX:-UsePerfData", "-Xms8m", "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxDirectMemorySize=64m",
            "-Dio.netty.allocator.type=unpooled", "-Dvertx.disableFileCPResolving=true");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // over two minutes of sampling: past the suite's default
    void rssIdleThenWithThePageOpen() throws Exception {
        int workers = Integer.parseInt(System.getProperty("zpm.bench.dashboardRss"));
        Path config = Fixtures.sleepers(dir, workers, "");
        AgentProcess agent = AgentProcess.start(dir, config, DAEMON);
        Chromium chromium = null;
        try {
            agent.awaitWorkers("sleepers", workers);
            Thread.sleep(10_000); // each worker's stability timer fires 5 s after it came online: not idle work
            Map<String, List<Long>> phases = new LinkedHashMap<>();
            phases.put("idle, nobody connected (30 s)", sample(agent.pid(), 30));
            try (ZpmClient client = agent.client()) {
                phases.put("status+apps.list over TCP every 2 s (60 s)", polling(agent, 60, () -> {
                    client.call("status");
                    client.call("apps.list");
                }));
            }
            phases.put("then the same over HTTP POST /rpc (60 s)", polling(agent, 60, httpCalls(agent)));
            chromium = Chromium.start(dir.resolve("profile"));
            DashboardPage page = new DashboardPage(chromium, "http://127.0.0.1:" + agent.httpPort()).open();
            page.login(agent.token());
            chromium.waiting().until(d -> d.findElements(By.cssSelector(page.rowsCss("sleepers"))).size() == workers);
            phases.put("then the dashboard open (60 s)", sample(agent.pid(), 60));
            chromium.driver.get("about:blank");
            phases.put("after the page closed (30 s)", sample(agent.pid(), 30));
            StringBuilder report = new StringBuilder("dashboard-rss workers=" + workers + "\n");
            phases.forEach((what, kib) -> report.append(line(what, kib)).append('\n'));
            System.out.print(report);
            String out = System.getProperty("zpm.bench.out");
            if (out != null) {
                Files.writeString(Path.of(out), report.toString());
            }
        } finally {
            Fixtures.end(chromium, agent);
        }
    }

    /**
     * What any client watching costs, for comparison: {@code calls} (status and apps.list, as the
     * page sends them over its WebSocket) every 2 s, the agent's RSS sampled meanwhile.
     */
    private static List<Long> polling(AgentProcess agent, int seconds, Runnable calls) throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleAtFixedRate(calls, 0, 2, TimeUnit.SECONDS);
            return sample(agent.pid(), seconds);
        } finally {
            poller.shutdownNow();
        }
    }

    private static Runnable httpCalls(AgentProcess agent) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        String token = agent.token();
        URI rpc = URI.create("http://127.0.0.1:" + agent.httpPort() + "/rpc");
        return () -> {
            for (String method : List.of("status", "apps.list")) {
                try {
                    http.send(HttpRequest.newBuilder(rpc).header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                                    + method + "\"}")).build(), HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** VmRSS of the pid once a second for n seconds, in KiB. */
    private static List<Long> sample(long pid, int seconds) throws IOException, InterruptedException {
        List<Long> kib = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    kib.add(Long.parseLong(l.replaceAll("\\D", "")));
                }
            }
            Thread.sleep(1000);
        }
        return kib;
    }

    private static String line(String what, List<Long> kib) {
        List<Long> sorted = new ArrayList<>(kib);
        Collections.sort(sorted);
        return String.format("  %-44s first %6.1f MiB  median %6.1f MiB  max %6.1f MiB  last %6.1f MiB", what,
                kib.get(0) / 1024.0, sorted.get(sorted.size() / 2) / 1024.0, sorted.get(sorted.size() - 1) / 1024.0,
                kib.get(kib.size() - 1) / 1024.0);
    }
}
