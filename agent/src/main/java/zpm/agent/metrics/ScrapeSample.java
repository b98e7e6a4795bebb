package zpm.agent.metrics;

import zpm.agent.core.AppInfo;
import zpm.agent.core.WorkerInfo;
import zpm.agent.core.WorkerState;
import zpm.agent.os.TreeSampler;
import zpm.agent.rpc.RpcCounts;
import zpm.agent.rpc.methods.StatsCache;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        Map<String, WorkerInfo> newest = new TreeMap<>();
        for (WorkerInfo w : workers) {
            newest.merge(w.app() + "\u0000" + String.format("%06d", w.slot()), w, (a, b) -> a.id() >= b.id() ? a : b);
        }
        return newest.values().stream().map(w -> {
            StatsCache.Stats s = w.pid() == null ? null : stats.get(w.pid());
            boolean running = w.pid() != null && w.state().hasProcess();
            return new SlotRow(w.app(), Integer.toString(w.slot()), w.state().wireName(), w.restarts(),
                    s == null ? null : s.cpuTicks() / (double) TreeSampler.CLK_TCK,
                    s == null ? null : s.rssBytes(), s == null ? null : s.connections(),
                    running ? (nowMs - w.uptimeMs()) / 1000.0 : null);
        }).toList();
    }

    static boolean up(SlotRow row) {
        return row.state().equals(WorkerState.ONLINE.wireName());
    }
}
