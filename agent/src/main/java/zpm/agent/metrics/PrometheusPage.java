package zpm.agent.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.vertx.core.buffer.Buffer;
import zpm.agent.core.AppState;
import zpm.agent.core.WorkerState;
import zpm.agent.metrics.ScrapeSample.AppRow;
import zpm.agent.metrics.ScrapeSample.SlotRow;
import zpm.agent.rpc.MetricsScrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;

/**
 * A {@link ScrapeSample} as the Prometheus Java client's snapshots, written in the format the
 * scraper accepts. The only class that names the client: it loads (with the client's ~140
 * classes) on the first scrape. Counter names are given without {@code _total} and the info
 * metric without {@code _info}: the writers add them, as each format wants.
 */
final class PrometheusPage {

    private static final String[] WORKER_STATES = names(WorkerState.values(), WorkerState::wireName);
    private static final String[] APP_STATES = names(AppState.values(), AppState::wireName);

    private PrometheusPage() {
    }

    static MetricsScrape.Page render(String accept, ScrapeSample s) throws IOException {
        OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
        ExpositionFormatWriter writer = accept != null && openMetrics.accepts(accept) ? openMetrics
                : PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        writer.write(out, snapshots(s));
        return new MetricsScrape.Page(writer.getContentType(), Buffer.buffer(out.toByteArray()));
    }

    static MetricSnapshots snapshots(ScrapeSample s) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        workers(s, all);
        apps(s, all);
        counters(s, all);
        process(s.self(), all);
        all.metricSnapshot(InfoSnapshot.builder().name("zpm_build").help("zpm's version and the JVM it runs on")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("version", s.version(),
                        "java_version", System.getProperty("java.version", "unknown"))).build()).build());
        return all.build();
    }

    private static void workers(ScrapeSample s, MetricSnapshots.Builder all) {
        GaugeSnapshot.Builder up = gauge("zpm_worker_up", "1 when the slot's worker is online (ready), else 0");
        GaugeSnapshot.Builder state = gauge("zpm_worker_state", "the slot's worker state: 1 for the current one");
        CounterSnapshot.Builder restarts = counter("zpm_worker_restarts", "times the slot was forked again");
        CounterSnapshot.Builder cpu = counter("zpm_worker_cpu_seconds", "CPU time of the worker's process tree")
                .unit(Unit.SECONDS);
        GaugeSnapshot.Builder rss = gauge("zpm_worker_resident_memory_bytes",
                "resident memory of the worker's process tree").unit(Unit.BYTES);
        GaugeSnapshot.Builder connections = gauge("zpm_worker_connections",
                "established connections accepted on the worker's listening ports");
        GaugeSnapshot.Builder started = gauge("zpm_worker_start_time_seconds",
                "when the worker's process started, since the epoch").unit(Unit.SECONDS);
        for (SlotRow w : s.slots()) {
            Labels id = Labels.of("app", w.app(), "slot", w.slot());
            up.dataPoint(point(id, ScrapeSample.up(w) ? 1 : 0));
            for (String st : WORKER_STATES) {
                state.dataPoint(point(id.add("state", st), st.equals(w.state()) ? 1 : 0));
            }
            restarts.dataPoint(count(id, w.restarts()));
            if (w.cpuSeconds() != null) {
                cpu.dataPoint(count(id, w.cpuSeconds()));
                rss.dataPoint(point(id, w.residentBytes()));
                connections.dataPoint(point(id, w.connections()));
            }
            if (w.startTimeSeconds() != null) {
                started.dataPoint(point(id, w.startTimeSeconds()));
            }
        }
        all.metricSnapshot(up.build()).metricSnapshot(state.build()).metricSnapshot(restarts.build())
                .metricSnapshot(cpu.build()).metricSnapshot(rss.build()).metricSnapshot(connections.build())
                .metricSnapshot(started.build());
    }

    private static void apps(ScrapeSample s, MetricSnapshots.Builder all) {
        GaugeSnapshot.Builder desired = gauge("zpm_app_desired_workers", "the size the app wants");
        GaugeSnapshot.Builder ready = gauge("zpm_app_ready_workers", "the app's workers that are online");
        GaugeSnapshot.Builder state = gauge("zpm_app_state", "the app's state: 1 for the current one");
        GaugeSnapshot.Builder maxMemory = gauge("zpm_app_max_memory_bytes",
                "maxMemoryMb: a worker whose tree stays above it is restarted").unit(Unit.BYTES);
        for (AppRow a : s.apps()) {
            Labels id = Labels.of("app", a.app());
            desired.dataPoint(point(id, a.desired()));
            ready.dataPoint(point(id, a.ready()));
            for (String st : APP_STATES) {
                state.dataPoint(point(id.add("state", st), st.equals(a.state()) ? 1 : 0));
            }
            if (a.maxMemoryBytes() != null) {
                maxMemory.dataPoint(point(id, a.maxMemoryBytes()));
            }
        }
        all.metricSnapshot(desired.build()).metricSnapshot(ready.build()).metricSnapshot(state.build())
                .metricSnapshot(maxMemory.build());
    }

    private static void counters(ScrapeSample s, MetricSnapshots.Builder all) {
        CounterSnapshot.Builder exits = counter("zpm_exits", "worker processes that ended, by app and reason");
        s.exits().forEach((k, n) -> exits.dataPoint(count(Labels.of("app", k.app(), "reason", k.reason().label()), n)));
        CounterSnapshot.Builder events = counter("zpm_events", "lifecycle events emitted, by type");
        s.events().forEach((type, n) -> events.dataPoint(count(Labels.of("type", type), n)));
        CounterSnapshot.Builder rpc = counter("zpm_rpc_requests", "JSON-RPC requests answered, by method and outcome");
        s.rpc().forEach((k, n) -> rpc.dataPoint(count(Labels.of("method", k.method(), "outcome", k.outcome()), n)));
        all.metricSnapshot(exits.build()).metricSnapshot(events.build())
                .metricSnapshot(counter("zpm_events_dropped", "events and log lines not sent to subscribers that"
                        + " read too slowly").dataPoint(count(Labels.EMPTY, s.droppedEvents())).build())
                .metricSnapshot(rpc.build());
    }

    private static void process(SelfProcess p, MetricSnapshots.Builder all) {
        all.metricSnapshot(counter("process_cpu_seconds", "the agent's user and system CPU time").unit(Unit.SECONDS)
                        .dataPoint(count(Labels.EMPTY, p.cpuSeconds())).build())
                .metricSnapshot(gauge("process_resident_memory_bytes", "the agent's resident memory").unit(Unit.BYTES)
                        .dataPoint(point(Labels.EMPTY, p.residentBytes())).build())
                .metricSnapshot(gauge("process_open_fds", "the agent's open file descriptors")
                        .dataPoint(point(Labels.EMPTY, p.openFds())).build())
                .metricSnapshot(gauge("process_start_time_seconds", "when the agent started, since the epoch")
                        .unit(Unit.SECONDS).dataPoint(point(Labels.EMPTY, p.startTimeSeconds())).build());
        if (p.maxFds() >= 0) {
            all.metricSnapshot(gauge("process_max_fds", "the agent's limit on open file descriptors")
                    .dataPoint(point(Labels.EMPTY, p.maxFds())).build());
        }
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static CounterDataPointSnapshot count(Labels labels, double value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static <E> String[] names(E[] values, Function<E, String> name) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = name.apply(values[i]);
        }
        return out;
    }
}
