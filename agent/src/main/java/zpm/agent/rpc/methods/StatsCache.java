package zpm.agent.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.os.TreeSampler;
import zpm.agent.os.TreeSampler.TreeUsage;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-worker CPU and memory for status and connections, sampled off the event loop. Sampling
 * runs only while someone asks (status within the last minute): an idle agent reads nothing
 * from /proc. A warm cache answers at once; a cold one samples first. Callers come from several
 * event loops (one per transport), hence the locks; none is held across I/O.
 */
public final class StatsCache {

    /**
     * What status shows for one worker. {@code cpuPercent} is the rate since the previous sample,
     * or, for a worker not sampled before, its average since it started (as ps(1) shows it);
     * {@code cpuTicks} is the tree's CPU time so far (for /metrics), in {@link TreeSampler#CLK_TCK}ths of a second.
     */
    public record Stats(Double cpuPercent, long rssBytes, int connections, List<Integer> listenPorts, long cpuTicks) {
    }

    private static final long PERIOD_MS = 2_000;
    private static final long STAY_ACTIVE_MS = 60_000;
    /** A first figure over a shorter life than this is left out: one tick would read as 100%. */
    private static final long MIN_AGE_TICKS = 5;

    private final Vertx vertx;
    private Map<Long, TreeUsage> last = Map.of();
    private Map<Long, Stats> stats = Map.of();
    private long lastSampleMs;
    private long lastAskedMs;
    private long timer = -1;
    private Future<Map<Long, Stats>> inFlight;

    StatsCache(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Stats for these pids: from the cache while it is warm, unless {@code fresh}. */
    synchronized Future<Map<Long, Stats>> get(Collection<Long> pids, boolean fresh) {
        long now = System.currentTimeMillis();
        lastAskedMs = now;
        keepSampling();
        if (!fresh && now - lastSampleMs < PERIOD_MS + 500 && stats.keySet().containsAll(pids)) {
            return Future.succeededFuture(stats);
        }
        return sample(pids);
    }

    /**
     * For a scrape: the last sample at once (it keeps sampling on, as status does), and a new
     * sample started in the background when it lacks one of these pids, so that a scrape never
     * waits for /proc; a new worker shows from the next sample on. Only a call that finds no
     * recent sample (the first, or one after a minute unasked, when sampling stopped) waits for one.
     */
    public synchronized Future<Map<Long, Stats>> latest(Collection<Long> pids) {
        long now = System.currentTimeMillis();
        if (now - lastSampleMs > PERIOD_MS + 500) {
            return get(pids, false);
        }
        lastAskedMs = now;
        keepSampling();
        if (!stats.keySet().containsAll(pids)) {
            sample(pids);
        }
        return Future.succeededFuture(stats);
    }

    private synchronized Future<Map<Long, Stats>> sample(Collection<Long> pids) {
        if (inFlight != null) {
            return inFlight;
        }
        List<Long> wanted = List.copyOf(pids);
        List<Long> unseen = wanted.stream().filter(pid -> !last.containsKey(pid)).toList();
        inFlight = vertx.executeBlocking(() -> new Sample(TreeSampler.sampleBlocking(wanted),
                        TreeSampler.agesBlocking(unseen)))
                .map(this::update)
                .eventually(() -> {
                    inFlight = null;
                    return Future.succeededFuture();
                });
        return inFlight;
    }

    /** One reading of the trees, with the ages of those not read before. */
    private record Sample(Map<Long, TreeUsage> usage, Map<Long, Long> agesOfUnseen) {
    }

    private synchronized Map<Long, Stats> update(Sample sample) {
        long nowMs = System.currentTimeMillis();
        double seconds = (nowMs - lastSampleMs) / 1000.0;
        Map<Long, Stats> next = new HashMap<>();
        for (TreeUsage u : sample.usage().values()) {
            TreeUsage before = last.get(u.pid());
            Long age = sample.agesOfUnseen().get(u.pid());
            Double cpu;
            if (before != null) {
                cpu = seconds <= 0 ? null : percent(u.cpuTicks() - before.cpuTicks(), seconds * TreeSampler.CLK_TCK);
            } else {
                cpu = age == null || age < MIN_AGE_TICKS ? null : percent(u.cpuTicks(), age);
            }
            next.put(u.pid(), new Stats(cpu, u.rssBytes(), u.connections(), u.listenPorts().stream().sorted().toList(),
                    u.cpuTicks()));
        }
        last = sample.usage();
        stats = next;
        lastSampleMs = nowMs;
        return next;
    }

    /** CPU ticks over a span of ticks, in percent of one CPU with one decimal. */
    private static double percent(long ticks, double spanTicks) {
        return Math.max(0, Math.round(ticks * 1000.0 / spanTicks) / 10.0);
    }

    /** While asked within the last minute, refresh every period with the pids last sampled. */
    private synchronized void keepSampling() {
        if (timer >= 0) {
            return;
        }
        timer = vertx.setPeriodic(PERIOD_MS, id -> tick(id));
    }

    private synchronized void tick(long id) {
        if (System.currentTimeMillis() - lastAskedMs > STAY_ACTIVE_MS) {
            vertx.cancelTimer(id);
            timer = -1;
            return;
        }
        sample(last.keySet());
    }

    synchronized void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
