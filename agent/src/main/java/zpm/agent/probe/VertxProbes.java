package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.ProcessFacts;
import zpm.agent.core.Probes;
import zpm.agent.vertx.ContextHop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Readiness probes on Vert.x, the {@code listening} watch of workers whose app has a port, and
 * the health (liveness, memory) of online workers. Readiness: tcp (the worker's own tree LISTENs
 * on the port, from /proc), http (2xx, behind the tcp condition), exec (exit 0), none (ready at
 * once), notify (nothing here: the launcher hears the worker's READY=1). Reports {@link ProcessFacts#ready} once per watch, and {@link ProcessFacts#probeFailed} at
 * most once as information (kind {@code readiness}, not fatal) plus once fatally for a spec that
 * can never pass. The core enforces the overall readiness timeout and calls {@link #cancel}.
 *
 * <p>Every fact is delivered on the context given here (the supervisor's), on a turn of its own:
 * never from inside {@link #watchReadiness} or {@link #cancel}. Calls from the context take effect
 * at once, so a result for an id cancelled there is dropped; calls from other threads hop first.
 */
public final class VertxProbes implements Probes {

    private static final Logger log = LoggerFactory.getLogger(VertxProbes.class);
    private static final String KIND = "readiness";
    private static final long LISTEN_FIRST_MS = 25;
    private static final long LISTEN_MAX_MS = 2_000;
    private static final long LISTEN_GIVE_UP_MS = 60_000;

    private final Vertx vertx;
    private final ContextHop hop;
    private final ProcessFacts facts;
    /** A field, not a local: Vert.x 5 closes a client once it is garbage collected (docs/platform-notes.md). */
    private final HttpClientAgent http;
    private final SocketTableCache tables;
    private final Map<Long, ReadinessWatch> watches = new HashMap<>();
    private final Map<Long, ReadinessWatch> listenWatches = new HashMap<>();
    private final Map<Long, HealthWatch> healthWatches = new HashMap<>();
    private final HealthWatch.Listener healthListener = new HealthReporter();
    /** How often maxMemoryMb is checked; {@code -Dzpm.memoryCheckMs} (tests shorten it). */
    private final long memoryIntervalMs = Long.getLong("zpm.memoryCheckMs", 5_000);
    private final ReadinessWatch.Listener listener = new Reporter();
    private boolean closed;

    public VertxProbes(Vertx vertx, Context context, ProcessFacts facts) {
        this.vertx = vertx;
        this.hop = new ContextHop(context);
        this.facts = facts;
        // no keep-alive: a pooled connection stays pinned to whichever worker accepted it, and
        // would answer for the next worker probed on the same shared port
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
        this.tables = new SocketTableCache(context, 25);
    }

    @Override
    public void watchReadiness(long workerId, long pid, ProbeSpec spec, Integer appPort) {
        hop.run(() -> start(workerId, pid, spec == null ? ProbeSpec.NONE : spec, appPort));
    }

    @Override
    public void cancel(long workerId) {
        hop.run(() -> {
            ReadinessWatch watch = watches.remove(workerId);
            if (watch != null) {
                watch.stop();
                log.debug("worker={} readiness={} cancelled attempts={}", workerId, watch.type(),
                        watch.attempts());
            }
        });
    }

    /**
     * Checks from 25 ms after the spawn, doubling to every 2 s, for one minute at most: a worker
     * that binds late is still seen, and one that never binds its port costs nothing after that.
     */
    @Override
    public void watchListening(long workerId, long pid, int port) {
        hop.run(() -> {
            if (closed) {
                return;
            }
            stopListenWatch(workerId);
            ReadinessWatch watch = new ReadinessWatch(vertx, hop, workerId, "listening",
                    new TcpCheck(hop.context(), tables, pid, port), LISTEN_FIRST_MS, LISTEN_MAX_MS, LISTEN_GIVE_UP_MS,
                    new ListenReporter(port));
            listenWatches.put(workerId, watch);
            watch.start();
        });
    }

    @Override
    public void watchHealth(long workerId, long pid, ProbeSpec liveness, Integer appPort, Integer maxMemoryMb) {
        hop.run(() -> {
            if (closed) {
                return;
            }
            stopHealthWatch(workerId);
            ReadinessCheck check = null;
            long interval = ProbeSpec.DEFAULT_INTERVAL_MS;
            // notify: the WATCHDOG=1 messages reach the core through the launcher, which times them
            if (liveness != null && liveness.type() != ProbeSpec.Type.NONE && liveness.type() != ProbeSpec.Type.NOTIFY) {
                interval = liveness.intervalMs();
                check = ReadinessChecks.of(vertx, hop.context(), http, tables,
                        new ReadinessChecks.Target(workerId, pid, liveness, appPort, interval));
            }
            HealthWatch watch = new HealthWatch(vertx, hop, workerId, pid, check, interval,
                    liveness == null ? 0 : liveness.timeoutMs(),
                    liveness == null ? 1 : liveness.failureThreshold(), maxMemoryMb, memoryIntervalMs, healthListener);
            healthWatches.put(workerId, watch);
            watch.start();
        });
    }

    @Override
    public void release(long workerId) {
        cancel(workerId);
        hop.run(() -> {
            stopListenWatch(workerId);
            stopHealthWatch(workerId);
        });
    }

    private void stopHealthWatch(long workerId) {
        HealthWatch watch = healthWatches.remove(workerId);
        if (watch != null) {
            watch.stop();
        }
    }

    private void stopListenWatch(long workerId) {
        ReadinessWatch watch = listenWatches.remove(workerId);
        if (watch != null) {
            watch.stop();
        }
    }

    /** Cancels every watch and closes the HTTP client. Completes on the context. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        hop.run(() -> {
            closed = true;
            for (ReadinessWatch watch : new ArrayList<>(watches.values())) {
                watch.stop();
            }
            watches.clear();
            listenWatches.values().forEach(ReadinessWatch::stop);
            listenWatches.clear();
            healthWatches.values().forEach(HealthWatch::stop);
            healthWatches.clear();
            http.close().onComplete(done);
        });
        return done.future();
    }

    /** Completed attempts of a watched worker (readiness, else listening), -1 when not watched (for tests). */
    Future<Integer> attempts(long workerId) {
        Promise<Integer> answer = Promise.promise();
        hop.run(() -> {
            ReadinessWatch watch = watches.getOrDefault(workerId, listenWatches.get(workerId));
            answer.complete(watch == null ? -1 : watch.attempts());
        });
        return answer.future();
    }

    private void start(long workerId, long pid, ProbeSpec spec, Integer appPort) {
        if (closed) {
            log.warn("worker={} readiness={} ignored: probes closed", workerId, spec.type().wireName());
            return;
        }
        if (spec.type() == ProbeSpec.Type.NOTIFY) {
            return; // READY=1 on the worker's NOTIFY_SOCKET: the launcher reports it to the core
        }
        ReadinessWatch previous = watches.remove(workerId);
        if (previous != null) {
            previous.stop(); // a second watch for one id replaces the first
        }
        long intervalMs = spec.intervalMs() > 0 ? spec.intervalMs() : ProbeSpec.DEFAULT_INTERVAL_MS;
        ReadinessCheck check = ReadinessChecks.of(vertx, hop.context(), http, tables,
                new ReadinessChecks.Target(workerId, pid, spec, appPort, intervalMs));
        ReadinessWatch watch = new ReadinessWatch(vertx, hop, workerId, spec.type().wireName(), check,
                intervalMs, listener);
        watches.put(workerId, watch);
        log.debug("worker={} pid={} readiness={} intervalMs={} watching", workerId, pid,
                spec.type().wireName(), intervalMs);
        watch.start();
    }

    /** Turns watch outcomes into facts, on the context, for watches still registered. */
    private final class Reporter implements ReadinessWatch.Listener {
        @Override
        public void passed(ReadinessWatch watch) {
            if (watches.remove(watch.workerId(), watch)) {
                log.debug("worker={} readiness={} passed afterMs={} attempts={}", watch.workerId(),
                        watch.type(), watch.ageMs(), watch.attempts());
                facts.ready(watch.workerId());
            }
        }

        @Override
        public void unusual(ReadinessWatch watch, String detail) {
            if (watches.get(watch.workerId()) == watch) {
                log.warn("worker={} readiness={} failing error=\"{}\" (retrying)", watch.workerId(),
                        watch.type(), detail);
                facts.probeFailed(watch.workerId(), KIND, detail, false);
            }
        }

        @Override
        public void fatal(ReadinessWatch watch, String detail) {
            if (watches.remove(watch.workerId(), watch)) {
                log.warn("worker={} readiness={} cannot pass error=\"{}\"", watch.workerId(),
                        watch.type(), detail);
                facts.probeFailed(watch.workerId(), KIND, detail, true);
            }
        }
    }

    /** Turns a listening watch's pass into the {@code listening} fact; it never fails a worker. */
    private final class ListenReporter implements ReadinessWatch.Listener {
        private final int port;

        ListenReporter(int port) {
            this.port = port;
        }

        @Override
        public void passed(ReadinessWatch watch) {
            if (listenWatches.remove(watch.workerId(), watch)) {
                log.debug("worker={} listening port={} afterMs={}", watch.workerId(), port, watch.ageMs());
                facts.listening(watch.workerId(), port);
            }
        }

        @Override
        public void unusual(ReadinessWatch watch, String detail) {
            log.debug("worker={} listening check failing error=\"{}\"", watch.workerId(), detail);
        }

        @Override
        public void fatal(ReadinessWatch watch, String detail) {
            if (listenWatches.remove(watch.workerId(), watch)) {
                log.info("worker={} never listened on its app's port {}: {}", watch.workerId(), port, detail);
            }
        }
    }

    /** A failed liveness check or memory limit: the core replaces the worker. */
    private final class HealthReporter implements HealthWatch.Listener {
        @Override
        public void failed(HealthWatch watch, String kind, String detail) {
            if (healthWatches.remove(watch.workerId(), watch)) {
                log.warn("worker={} {} failed: {}", watch.workerId(), kind, detail);
                facts.probeFailed(watch.workerId(), kind, detail, true);
            }
        }
    }
}
