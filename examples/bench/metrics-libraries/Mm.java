import io.micrometer.core.instrument.*;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The same metrics as Micrometer meters (registered once, read by the scrape). */
class Mm {
    static PrometheusMeterRegistry reg;
    static double[] v = new double[100];
    static byte[] scrape(int n) {
        if (reg == null) {
            reg = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            String[] names = {"zpm.worker.up", "zpm.worker.resident.memory", "zpm.worker.connections", "zpm.worker.start.time"};
            for (String name : names) for (int i = 0; i < n; i++) { final int k = i; Gauge.builder(name, () -> v[k]).tags("app", "app" + (i / 10), "slot", String.valueOf(i % 10)).register(reg); }
            for (String name : new String[] {"zpm.worker.restarts", "zpm.worker.cpu"}) for (int i = 0; i < n; i++) { final int k = i; FunctionCounter.builder(name, v, x -> x[k]).tags("app", "app" + (i / 10), "slot", String.valueOf(i % 10)).register(reg); }
        }
        return reg.scrape().getBytes();
    }
}
