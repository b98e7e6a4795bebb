package zpm.agent.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppInfo;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.rpc.MetricsScrape;
import zpm.agent.rpc.RpcServers;
import zpm.agent.rpc.methods.StatsCache;
import zpm.protocol.ZpmVersion;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} for this agent: the supervisor's views and the last per-worker sample
 * (the one status shows: a scrape never walks /proc per worker, and a sample it lacks is taken
 * in the background), the always-on counters, then /proc/self and the rendering on a worker
 * thread. The Prometheus client is named only by {@link PrometheusPage}, reached on the first
 * scrape: an agent nobody scrapes never loads it.
 */
public final class MetricsEndpoint implements MetricsScrape {

    private final Vertx vertx;
    private final SupervisorApi agent;
    private final StatsCache stats;
    private final EventCounts events;
    private final Supplier<RpcServers> servers;

    /**
     * @param stats   the samples status shows
     * @param events  the counters fed by the supervisor's events since start
     * @param servers the RPC servers once they listen (their drop and request counters)
     */
    public MetricsEndpoint(Vertx vertx, SupervisorApi agent, StatsCache stats, EventCounts events,
                           Supplier<RpcServers> servers) {
        this.vertx = vertx;
        this.agent = agent;
        this.stats = stats;
        this.events = events;
        this.servers = servers;
    }

    @Override
    public Future<Page> scrape(String accept) {
        return agent.apps().compose(apps -> agent.status(Target.ALL).compose(workers -> {
            List<Long> pids = workers.stream().map(WorkerInfo::pid).filter(Objects::nonNull).toList();
            Future<Map<Long, StatsCache.Stats>> sampled = pids.isEmpty() ? Future.succeededFuture(Map.of())
                    : stats.latest(pids);
            return sampled.compose(byPid -> vertx.executeBlocking(() -> PrometheusPage.render(accept,
                    sample(apps, workers, byPid)), false));
        }));
    }

    /** Blocking (/proc/self). */
    private ScrapeSample sample(List<AppInfo> apps, List<WorkerInfo> workers, Map<Long, StatsCache.Stats> byPid) {
        RpcServers rpc = servers.get();
        return new ScrapeSample(ScrapeSample.apps(apps), ScrapeSample.slots(workers, byPid, System.currentTimeMillis()),
                events.byType(), events.exits(), rpc == null ? 0 : rpc.droppedEvents(),
                rpc == null ? Map.of() : rpc.rpcCounts().snapshot(), SelfProcess.readBlocking(), ZpmVersion.get());
    }
}
