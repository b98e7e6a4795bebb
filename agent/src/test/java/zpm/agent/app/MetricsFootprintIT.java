package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;

/**
 * What /metrics costs loads when it is first scraped: an agent that supervises, answers status,
 * /healthz and a scrape without a token has loaded none of the Prometheus client's classes nor
 * the metrics code that renders a page; the first real scrape loads them (which shows the class
 * log would have seen them).
 */
class MetricsFootprintIT {

    /** The metrics classes that only a scrape needs (the counters and the route load at start). */
    private static final List<String> SCRAPE_ONLY = List.of("io.prometheus.",
            "zpm.agent.metrics.PrometheusPage", "zpm.agent.metrics.ScrapeSample", "zpm.agent.metrics.SelfProcess");

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void theMetricsLibraryLoadsOnTheFirstScrapeOnly() throws Exception {
        Path classes = dir.resolve("classes.log");
        Path config = AgentProcess.sleepersConfig(dir, 2, "");
        AgentProcess agent = started.add(AgentProcess.start(dir, config,
                List.of("-Xlog:class+load=info:file=" + classes)));
        agent.awaitWorkers("sleepers", 2);
        int http = agent.httpPort();
        try (ZpmClient c = agent.client()) {
            assertThat(c.call("status").get("workers")).hasSize(2);
        }
        assertThat(Scrapes.get(http, "/healthz", null, null).statusCode()).isEqualTo(200);
        assertThat(Scrapes.get(http, "/metrics", null, null).statusCode()).isEqualTo(401);
        Set<String> idle = ClassLog.loaded(classes);
        assertThat(idle).as("the log lists the agent's own classes").contains("zpm.agent.metrics.EventCounts");
        assertThat(idle.stream().filter(MetricsFootprintIT::scrapeOnly)).as("scrape-only classes of an idle agent")
                .isEmpty();

        assertThat(Scrapes.get(http, "/metrics", agent.token(), null).statusCode()).isEqualTo(200);
        Set<String> scraped = Await.until("the client's classes in the log", () -> {
            Set<String> now = ClassLog.loaded(classes);
            return now.stream().anyMatch(n -> n.startsWith("io.prometheus.")) ? now : null;
        });
        assertThat(scraped).contains("zpm.agent.metrics.PrometheusPage",
                "io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter");
    }

    private static boolean scrapeOnly(String className) {
        return SCRAPE_ONLY.stream().anyMatch(className::startsWith);
    }
}
