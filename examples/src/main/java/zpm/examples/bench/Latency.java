package zpm.examples.bench;

import java.util.List;
import java.util.Optional;

/**
 * Median, p95 (nearest rank) and max of a set of latencies, in ms: the one way the respawn
 * benchmarks summarise their samples, so that their figures compare.
 */
record Latency(double medianMs, double p95Ms, double maxMs, int n) {

    /** Empty when there is no sample. */
    static Optional<Latency> of(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return Optional.empty();
        }
        List<Long> s = nanos.stream().sorted().toList();
        int n = s.size();
        double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
        long p95 = s.get((int) Math.ceil(0.95 * n) - 1);
        return Optional.of(new Latency(median / 1e6, p95 / 1e6, s.get(n - 1) / 1e6, n));
    }
}
