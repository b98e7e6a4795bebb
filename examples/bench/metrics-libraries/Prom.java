import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.*;
import java.io.ByteArrayOutputStream;

/** 100 workers x 6 metrics as the Prometheus client's snapshots, written as Prometheus text. */
class Prom {
    static byte[] scrape(int n) throws Exception {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        String[] names = {"zpm_worker_up", "zpm_worker_resident_memory_bytes", "zpm_worker_connections", "zpm_worker_start_time_seconds"};
        for (String name : names) {
            GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(name);
            for (int i = 0; i < n; i++) g.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(i).labels(Labels.of("app", "app" + (i / 10), "slot", String.valueOf(i % 10))).build());
            all.metricSnapshot(g.build());
        }
        for (String name : new String[] {"zpm_worker_restarts", "zpm_worker_cpu_seconds"}) {
            CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(name);
            for (int i = 0; i < n; i++) c.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(i).labels(Labels.of("app", "app" + (i / 10), "slot", String.valueOf(i % 10))).build());
            all.metricSnapshot(c.build());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, all.build());
        return out.toByteArray();
    }
}
