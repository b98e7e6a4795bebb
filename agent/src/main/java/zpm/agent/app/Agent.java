package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Signal;
import zpm.agent.core.Supervisor;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.os.PidRegistry;
import zpm.agent.os.TcpMigrate;
import zpm.agent.os.WorkerLogs;
import zpm.protocol.event.LifecycleEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A running supervisor: the facade every caller uses (the command line, the RPC servers, and
 * programs that embed zpm as a library). Each call hops onto the supervisor's context and
 * returns a {@link Future}; the core itself is never touched from another thread.
 *
 * <pre>{@code
 * Agent agent = Agent.startBlocking(stateDir, List.of(AppSpec.of("web", 2, List.of("java", "-jar", "web.jar"))));
 * agent.onEvent(e -> System.out.println(e));
 * agent.resize("web", 4);
 * agent.quitBlocking();
 * }</pre>
 */
public final class Agent {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SupervisorVerticle verticle;
    private final Context context;
    private final String deploymentId;
    private final PidRegistry pids;
    private final WorkerLogs logs;
    private final long startedAtMs = System.currentTimeMillis();
    private final Path stateDir;
    private Future<Void> quitting;
    private ControlServer control;
    /** Dev mode: watched paths restart their app, 300 ms after the last change of a burst. */
    private final AppWatcher watcher = new AppWatcher(this::changed);
    /** Debounce timer per app, on the supervisor's context. */
    private final Map<String, Long> pendingChange = new HashMap<>();
    static final long WATCH_DEBOUNCE_MS = 300;

    private Agent(Vertx vertx, boolean ownsVertx, SupervisorVerticle verticle, Context context,
                  String deploymentId, PidRegistry pids, WorkerLogs logs, Path stateDir) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.verticle = verticle;
        this.context = context;
        this.deploymentId = deploymentId;
        this.pids = pids;
        this.logs = logs;
        this.stateDir = stateDir;
    }

    /**
     * Prepares the state directory, ends workers a previous agent left behind, deploys the
     * supervisor and starts the given apps (without waiting for them to come online).
     */
    public static Future<Agent> start(Vertx vertx, Path stateDir, List<AppSpec> apps) {
        return start(vertx, false, stateDir, apps);
    }

    /** For programs that are not Vert.x applications: own Vert.x instance, closed by {@link #quit}. */
    public static Agent startBlocking(Path stateDir, List<AppSpec> apps) {
        Vertx vertx = Vertx.vertx();
        try {
            return await(start(vertx, true, stateDir, apps), 60);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    private static Future<Agent> start(Vertx vertx, boolean ownsVertx, Path stateDir, List<AppSpec> apps) {
        WorkerLogs logs = new WorkerLogs();
        return vertx.executeBlocking(() -> prepareStateDirBlocking(stateDir))
                .compose(pids -> {
                    SupervisorVerticle v = new SupervisorVerticle(logs, pids);
                    return vertx.deployVerticle(v).map(id -> new Agent(vertx, ownsVertx, v,
                            v.context(), id, pids, logs, stateDir));
                })
                .compose(agent -> agent.openControl().map(agent))
                .compose(agent -> agent.startApps(apps).map(agent));
    }

    private static PidRegistry prepareStateDirBlocking(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            Files.createDirectories(stateDir);
            try {
                Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                log.debug("state dir {} has no POSIX permissions", stateDir);
            }
        }
        int n = PidRegistry.endStale(stateDir);
        if (n > 0) {
            log.warn("ended {} process(es) left running by a previous agent (state dir {})", n, stateDir);
        }
        return new PidRegistry(stateDir);
    }

    private Future<Void> startApps(List<AppSpec> apps) {
        return sharedPortsReady(apps).compose(v -> onCore(sup -> {
            for (AppSpec spec : apps) {
                sup.addApp(spec);
            }
            return null;
        }));
    }

    /**
     * Before apps start: the kernel's accept-queue migration for apps with a port (see
     * {@link TcpMigrate}), and their watched paths (dev mode).
     */
    private Future<Void> sharedPortsReady(List<AppSpec> apps) {
        if (apps.stream().noneMatch(a -> a.port() != null || !a.watch().isEmpty())) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            if (apps.stream().anyMatch(a -> a.port() != null)) {
                TcpMigrate.ensureOnceBlocking();
            }
            for (AppSpec a : apps) {
                if (!a.watch().isEmpty()) {
                    watcher.watch(a.name(), a.watch());
                }
            }
            return null;
        });
    }

    /** On zpm-watch: restart the app once its files have been quiet for {@link #WATCH_DEBOUNCE_MS}. */
    private void changed(String app, Path path) {
        context.runOnContext(v -> {
            Long timer = pendingChange.remove(app);
            if (timer != null) {
                vertx.cancelTimer(timer);
            } else {
                log.info("app={} watched path changed: {} (restarting once changes settle)", app, path);
            }
            pendingChange.put(app, vertx.setTimer(WATCH_DEBOUNCE_MS, t -> {
                pendingChange.remove(app);
                restart(Target.app(app)).onComplete(ar -> log.info("app={} restarted after a change: {}", app,
                        ar.succeeded() ? ar.result() : ar.cause().toString()));
            }));
        });
    }

    // ------------------------------------------------------------------ commands

    // ------------------------------------------------------------------ control channels

    /** The workers' control channel ({@code ZPM_CONTROL}); the core passes its path to every fork. */
    private Future<Void> openControl() {
        return ControlServer.start(vertx, this, stateDir.resolve("control.sock")).compose(c -> {
            control = c;
            return c == null ? Future.succeededFuture() : onCore(sup -> {
                sup.setControlPath(c.path().toString());
                return null;
            });
        });
    }

    /**
     * Sends {@code data} to the target's running workers over their control channels.
     *
     * @return the ids reached (a worker that never connected is not)
     */
    public Future<List<Long>> send(Target target, JsonNode data) {
        return onCore(sup -> sup.status(target).stream().map(WorkerInfo::id).toList())
                .map(ids -> control == null ? List.<Long>of() : control.send(ids, data));
    }

    Future<Boolean> isRunning(long workerId) {
        return onCore(sup -> sup.isRunning(workerId));
    }

    void controlReady(long workerId) {
        onCore(sup -> {
            sup.controlReady(workerId);
            return null;
        });
    }

    void workerMessage(long workerId, JsonNode data) {
        onCore(sup -> {
            sup.workerMessage(workerId, data);
            return null;
        });
    }

    void controlClosed(long workerId) {
        onCore(sup -> {
            sup.controlClosed(workerId);
            return null;
        });
    }

    // ------------------------------------------------------------------ apps

    /** Adds and starts an app; completes when its workers are up (or given up on). */
    public Future<AppInfo> addApp(AppSpec spec) {
        return sharedPortsReady(List.of(spec)).compose(v -> onCoreAsync(sup -> sup.addApp(spec)));
    }

    public Future<AppInfo> stopApp(String app) {
        return onCoreAsync(sup -> sup.stopApp(app));
    }

    public Future<Void> deleteApp(String app) {
        return onCoreAsync(sup -> sup.deleteApp(app)).onSuccess(v -> watcher.unwatch(app));
    }

    public Future<AppInfo> resize(String app, int size) {
        return onCoreAsync(sup -> sup.resize(app, size));
    }

    public Future<AppInfo> add(String app, int n) {
        return onCoreAsync(sup -> sup.add(app, n));
    }

    public Future<AppInfo> sub(String app, int n) {
        return onCoreAsync(sup -> sup.sub(app, n));
    }

    /** Rolling restart; completes when it is done (or stopped: see {@link RestartResult#ok()}). */
    public Future<RestartResult> restart(Target target) {
        return onCoreAsync(sup -> sup.restart(target));
    }

    public Future<List<Long>> shutdown(Target target) {
        return onCoreAsync(sup -> sup.shutdown(target));
    }

    public Future<List<Long>> terminate(Target target) {
        return onCoreAsync(sup -> sup.terminate(target));
    }

    public Future<List<Long>> signal(Target target, Signal signal) {
        return onCore(sup -> sup.signal(target, signal));
    }

    public Future<List<WorkerInfo>> status(Target target) {
        return onCore(sup -> sup.status(target));
    }

    public Future<List<AppInfo>> apps() {
        return onCore(Supervisor::apps);
    }

    /** Listens to every lifecycle event in-process (called on the supervisor's context, keep it short). */
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        return verticle.events().addListener(listener);
    }

    /** Captured worker output. */
    public WorkerLogs logs() {
        return logs;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Path stateDir() {
        return stateDir;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    /**
     * Graceful quit: every worker is stopped within its kill timeout, then the launcher and the
     * supervisor are closed (and Vert.x, when the agent created it). Idempotent.
     */
    public synchronized Future<Void> quit() {
        if (quitting == null) {
            quitting = onCoreAsync(Supervisor::quit)
                    .compose(v -> control == null ? Future.<Void>succeededFuture() : control.close())
                    .compose(v -> vertx.executeBlocking(() -> {
                        closeOsBlocking();
                        return null;
                    }))
                    .compose(v -> vertx.undeploy(deploymentId))
                    .compose(v -> ownsVertx ? vertx.close() : Future.<Void>succeededFuture());
        }
        return quitting;
    }

    public void quitBlocking(long timeoutSeconds) {
        await(quit(), timeoutSeconds);
    }

    /** Hard quit: SIGKILL every worker's tree now, from the calling thread. The caller exits next. */
    public void hardQuit() {
        try {
            closeOsBlocking();
        } catch (RuntimeException e) {
            log.warn("hard quit: {}", e.toString());
        }
    }

    private void closeOsBlocking() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
        verticle.launcher().close();
        pids.close();
    }

    // ------------------------------------------------------------------ context hops

    private <T> Future<T> onCore(Function<Supervisor, T> op) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(op.apply(verticle.supervisor()));
            } catch (RuntimeException | Error e) {
                // An Error too: a promise left pending would hang its caller (a quit, for one).
                p.fail(e);
            }
        });
        return p.future();
    }

    private <T> Future<T> onCoreAsync(Function<Supervisor, CompletableFuture<T>> op) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                op.apply(verticle.supervisor()).whenComplete((r, e) -> {
                    if (e != null) {
                        p.fail(e);
                    } else {
                        p.complete(r);
                    }
                });
            } catch (RuntimeException | Error e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /** Waits for a future from a thread that is not a Vert.x thread (embedding programs, main). */
    public static <T> T await(Future<T> f, long timeoutSeconds) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeoutSeconds + " s", e);
        }
    }
}
