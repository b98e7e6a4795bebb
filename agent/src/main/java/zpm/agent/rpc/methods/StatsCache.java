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
     * What status shows for one worker. {@code cpuPercent} is null until two samples exist;
     * {@code cpuTicks} is the tree's CPU time so far (for /metrics), in {@link TreeSampler#CLK_TCK}ths of a second.
     */
    public record Stats(Double cpuPercent, long rssBytes, int connections, List<Integer> listenPorts, long cpuTicks) {
    }

    private static final long PERIOD_MS = 2_000;
    private static final long STAY_ACTIVE_MS = 60_000;
    /**
     * A pid never sampled gets a second sample this long after its first, so that even the first
     * status shows CPU (a rate needs two samples): the first answer comes this much later, and its
     * figure moves in steps of 1 / CLK_TCK over this window (4% of one CPU at 100 Hz, 250 ms).
     */
    private static final long FIRST_WINDOW_MS = Long.getLong("zpm.statsFirstWindowMs", 250);

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
        Future<Void> before = last.keySet().containsAll(wanted) ? Future.succeededFuture() : firstSample(wanted);
        inFlight = before.compose(v -> vertx.executeBlocking(() -> TreeSampler.sampleBlocking(wanted)))
                .map(this::update)
                .eventually(() -> {
                    inFlight = null;
                    return Future.succeededFuture();
                });
        return inFlight;
    }

    /** A sample that only sets the start of the rate, then {@link #FIRST_WINDOW_MS} on a timer (no thread waits). */
    private Future<Void> firstSample(List<Long> wanted) {
        return vertx.executeBlocking(() -> TreeSampler.sampleBlocking(wanted)).compose(first -> {
            synchronized (this) {
                last = first; // one start time for every rate: older baselines would be counted over this window
                lastSampleMs = System.currentTimeMillis();
            }
            return vertx.timer(FIRST_WINDOW_MS).mapEmpty();
        });
    }

    private synchronized Map<Long, Stats> update(Map<Long, TreeUsage> now) {
        long nowMs = System.currentTimeMillis();
        double seconds = (nowMs - lastSampleMs) / 1000.0;
        Map<Long, Stats> next = new HashMap<>();
        for (TreeUsage u : now.values()) {
            TreeUsage before = last.get(u.pid());
            Double cpu = before == null || seconds <= 0 ? null
                    : Math.max(0, Math.round((u.cpuTicks() - before.cpuTicks()) * 1000.0
                    / TreeSampler.CLK_TCK / seconds) / 10.0);
            next.put(u.pid(), new Stats(cpu, u.rssBytes(), u.connections(), u.listenPorts().stream().sorted().toList(),
                    u.cpuTicks()));
        }
        last = now;
        stats = next;
        lastSampleMs = nowMs;
        return next;
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
