package zpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zpm.agent.metrics.EventCounts.ExitKey;
import zpm.agent.metrics.EventCounts.ExitReason;
import zpm.agent.metrics.ScrapeSample.AppRow;
import zpm.agent.metrics.ScrapeSample.SlotRow;
import zpm.agent.rpc.MetricsScrape;
import zpm.agent.rpc.RpcCounts;

/** The page's names, labels and values for a fixed sample, in both formats. */
class PrometheusPageTest {

    private static final ScrapeSample SAMPLE = new ScrapeSample(
            List.of(new AppRow("web", "running", 2, 1, 64L * 1024 * 1024)),
            List.of(new SlotRow("web", "0", "online", 3, 1.5, 4096L, 2, 1_700_000_000.25),
                    new SlotRow("web", "1", "backoff", 7, null, null, null, null)),
            Map.of("exit", 4L), Map.of(new ExitKey("web", ExitReason.SIGNAL), 4L), 5,
            Map.of(new RpcCounts.Key("status", "ok"), 9L), new SelfProcess(2.5, 1 << 20, 12, 1024, 1_699_999_999.5),
            "9.9.9");

    @Test
    void prometheusTextHasEverySeriesWithStableLabelsOnly() throws Exception {
        MetricsScrape.Page page = PrometheusPage.render(null, SAMPLE);
        String text = page.body().toString(StandardCharsets.UTF_8);
        assertThat(page.contentType()).startsWith("text/plain; version=0.0.4");
        assertThat(text).contains(
                "zpm_worker_up{app=\"web\",slot=\"0\"} 1.0",
                "zpm_worker_up{app=\"web\",slot=\"1\"} 0.0",
                "zpm_worker_state{app=\"web\",slot=\"1\",state=\"backoff\"} 1.0",
                "zpm_worker_state{app=\"web\",slot=\"1\",state=\"online\"} 0.0",
                "zpm_worker_restarts_total{app=\"web\",slot=\"1\"} 7.0",
                "zpm_worker_cpu_seconds_total{app=\"web\",slot=\"0\"} 1.5",
                "zpm_worker_resident_memory_bytes{app=\"web\",slot=\"0\"} 4096.0",
                "zpm_worker_connections{app=\"web\",slot=\"0\"} 2.0",
                "zpm_worker_start_time_seconds{app=\"web\",slot=\"0\"} 1.70000000025E9",
                "zpm_app_desired_workers{app=\"web\"} 2.0",
                "zpm_app_ready_workers{app=\"web\"} 1.0",
                "zpm_app_state{app=\"web\",state=\"running\"} 1.0",
                "zpm_app_max_memory_bytes{app=\"web\"} 6.7108864E7",
                "zpm_exits_total{app=\"web\",reason=\"signal\"} 4.0",
                "zpm_events_total{type=\"exit\"} 4.0",
                "zpm_events_dropped_total 5.0",
                "zpm_rpc_requests_total{method=\"status\",outcome=\"ok\"} 9.0",
                "zpm_build_info{java_version=\"" + System.getProperty("java.version") + "\",version=\"9.9.9\"} 1",
                "process_cpu_seconds_total 2.5",
                "process_resident_memory_bytes 1048576.0",
                "process_open_fds 12.0",
                "process_max_fds 1024.0",
                "process_start_time_seconds 1.6999999995E9");
        assertThat(text).doesNotContain("zpm_worker_cpu_seconds_total{app=\"web\",slot=\"1\"}").doesNotContain("pid");
    }

    @Test
    void docsMetricsMdListsEveryMetricOfThePage() throws Exception {
        String doc = Files.readString(MetricsDocIT.DOC);
        String text = PrometheusPage.render(null, SAMPLE).body().toString(StandardCharsets.UTF_8);
        List<String> names = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(names).hasSizeGreaterThan(20);
        for (String name : names) {
            String series = text.lines().filter(l -> l.startsWith(name)).findFirst().orElseThrow().split("[{ ]")[0];
            assertThat(doc).as("docs/metrics.md lists %s", series).contains("| `" + series + "` |");
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() throws Exception {
        MetricsScrape.Page page = PrometheusPage.render(
                "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", SAMPLE);
        String text = page.body().toString(StandardCharsets.UTF_8);
        assertThat(page.contentType()).startsWith("application/openmetrics-text");
        assertThat(text).endsWith("# EOF\n").contains("# UNIT zpm_worker_resident_memory_bytes bytes",
                "# TYPE zpm_worker_restarts counter", "zpm_worker_restarts_total{app=\"web\",slot=\"1\"} 7");
    }
}
