package zpm.agent.metrics;

import zpm.agent.core.AppInfo;
import zpm.agent.core.WorkerInfo;
import zpm.agent.core.WorkerState;
import zpm.agent.os.TreeSampler;
import zpm.agent.rpc.RpcCounts;
import zpm.agent.rpc.methods.StatsCache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything one scrape shows, taken from what the agent already holds: the supervisor's views
 * (as status has them), the last per-worker sample, the always-on counters and /proc/self.
 *
 * @param apps          one row per app
 * @param slots         one row per app and slot
 * @param events        events since start by type
 * @param exits         exits since start by app and reason
 * @param droppedEvents notifications dropped for slow subscribers
 * @param rpc           JSON-RPC requests by method and outcome
 * @param self          the agent's own process
 * @param version       zpm's version
 */
record ScrapeSample(List<AppRow> apps, List<SlotRow> slots, Map<String, Long> events,
                    Map<EventCounts.ExitKey, Long> exits, long droppedEvents, Map<RpcCounts.Key, Long> rpc,
                    SelfProcess self, String version) {

    /** One app: its state, the size it wants, how many are online, its memory limit (bytes, or null). */
    record AppRow(String app, String state, int desired, int ready, Long maxMemoryBytes) {
    }

    /**
     * One slot's current worker. The figures of the sample are null while it has none (no
     * process, or spawned after the last sample).
     */
    record SlotRow(String app, String slot, String state, int restarts, Double cpuSeconds, Long residentBytes,
                   Integer connections, Double startTimeSeconds) {
    }

    static List<AppRow> apps(List<AppInfo> apps) {
        return apps.stream().sorted(Comparator.comparing(AppInfo::name)).map(a -> new AppRow(a.name(),
                a.state().wireName(), a.size(), a.online(), a.spec().maxMemoryMb() == null ? null
                : a.spec().maxMemoryMb() * 1024L * 1024L)).toList();
    }

    /**
     * One row per app and slot: during a rolling restart a slot briefly has two workers (the
     * replacement starting, the old one stopping); the newest stands for the slot, so that no
     * series appears twice.
     */
    static List<SlotRow> slots(List<WorkerInfo> workers, Map<Long, StatsCache.Stats> stats, long nowMs) {
        List<WorkerInfo> sorted = new ArrayList<>(workers);
        sorted.sort(Comparator.comparing(WorkerInfo::app).thenComparingInt(WorkerInfo::slot)
                .thenComparing(Comparator.comparingLong(WorkerInfo::id).reversed()));
        List<SlotRow> rows = new ArrayList<>(sorted.size());
        WorkerInfo previous = null;
        for (WorkerInfo w : sorted) {
            if (previous == null || previous.slot() != w.slot() || !previous.app().equals(w.app())) {
                rows.add(row(w, w.pid() == null ? null : stats.get(w.pid()), nowMs));
            }
            previous = w;
        }
        return rows;
    }

    private static SlotRow row(WorkerInfo w, StatsCache.Stats s, long nowMs) {
        boolean running = w.pid() != null && w.state().hasProcess();
        return new SlotRow(w.app(), Integer.toString(w.slot()), w.state().wireName(), w.restarts(),
                s == null ? null : s.cpuTicks() / (double) TreeSampler.CLK_TCK,
                s == null ? null : s.rssBytes(), s == null ? null : s.connections(),
                running ? (nowMs - w.uptimeMs()) / 1000.0 : null);
    }

    static boolean up(SlotRow row) {
        return row.state().equals(WorkerState.ONLINE.wireName());
    }
}
