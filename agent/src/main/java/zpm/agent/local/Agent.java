package zpm.agent.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.config.AgentSettings;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Signal;
import zpm.agent.core.Supervisor;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.logfiles.LogSettings;
import zpm.agent.logfiles.LogWriter;
import zpm.agent.os.OutputBacklog;
import zpm.agent.os.TcpMigrate;
import zpm.agent.os.WorkerCgroups;
import zpm.agent.os.WorkerLogs;
import zpm.agent.state.StateDir;
import zpm.agent.state.StateDirHealth;
import zpm.protocol.api.RestartBatch;
import zpm.protocol.event.LifecycleEvent;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The supervisor running in this JVM, as a library: the agent's start-up uses it, the RPC servers
 * reach it through {@link SupervisorApi}, and programs embed zpm with it. Each call hops onto the
 * supervisor's context and returns a {@link Future}; the core itself is never touched from
 * another thread.
 *
 * <pre>{@code
 * Agent agent = Agent.startBlocking(stateDir, List.of(AppSpec.of("web", 2, List.of("java", "-jar", "web.jar"))));
 * agent.onEvent(e -> System.out.println(e));
 * Agent.await(agent.resize("web", 4), 60);
 * agent.quitBlocking(60);
 * }</pre>
 */
public final class Agent implements SupervisorApi {

    private final Vertx vertx;
    private final SupervisorVerticle verticle;
    private final WorkerLogs logs;
    private final Path stateDir;
    private final long startedAtMs = System.currentTimeMillis();
    /** The node name: in every event and every row the agent answers. */
    private final String node;
    /** The workers' control channel ({@code ZPM_CONTROL}), or null when it could not open. */
    private final ControlServer control;
    private final DevRestarts dev;
    private final QuitSequence quit;
    private final StateDir.Opened state;
    /** The operator's consent to set net.ipv4.tcp_migrate_req (see {@link TcpMigrate}). */
    private final boolean tcpMigrate;
    /** Writes every line to the log files; null when files are off. */
    private final LogWriter logFiles;

    private Agent(Vertx vertx, boolean ownsVertx, SupervisorVerticle verticle, WorkerLogs logs, Path stateDir,
                  ControlServer control, StateDir.Opened state, boolean tcpMigrate, LogWriter logFiles, String node) {
        this.vertx = vertx;
        this.node = node;
        this.logFiles = logFiles;
        this.tcpMigrate = tcpMigrate;
        this.verticle = verticle;
        this.logs = logs;
        this.stateDir = stateDir;
        this.control = control;
        this.dev = new DevRestarts(vertx, verticle.hop(), app -> restart(Target.app(app)));
        this.state = state;
        this.quit = new QuitSequence(vertx, ownsVertx, verticle, control, dev, state.lock(), logFiles);
    }

    /**
     * Prepares the state directory (checked, then locked for this agent's life: a second agent on
     * it fails here and changes nothing), ends workers a previous agent left behind, deploys the
     * supervisor and starts the given apps (without waiting for them to come online).
     */
    public static Future<Agent> start(Vertx vertx, Path stateDir, List<AppSpec> apps) {
        return start(vertx, false, stateDir, apps, false, LogSettings.under(stateDir), AgentSettings.defaultNode());
    }

    /**
     * As {@link #start(Vertx, Path, List)}; {@code tcpMigrate} allows the agent to set the sysctl
     * {@code net.ipv4.tcp_migrate_req=1} for the whole network namespace (when root) once an app
     * has a port. Without it the agent only warns when the value is 0.
     */
    public static Future<Agent> start(Vertx vertx, Path stateDir, List<AppSpec> apps, boolean tcpMigrate) {
        return start(vertx, false, stateDir, apps, tcpMigrate, LogSettings.under(stateDir), AgentSettings.defaultNode());
    }

    /**
     * As {@link #start(Vertx, Path, List, boolean)}, writing workers' output to the log files
     * {@code logSettings} says ({@link LogSettings#OFF}: in memory only).
     */
    public static Future<Agent> start(Vertx vertx, Path stateDir, List<AppSpec> apps, boolean tcpMigrate,
                                      LogSettings logSettings) {
        return start(vertx, false, stateDir, apps, tcpMigrate, logSettings, AgentSettings.defaultNode());
    }

    /**
     * As {@link #start(Vertx, Path, List, boolean, LogSettings)}, naming the agent's node: every
     * event and every row it answers carries {@code node} (null: the host name).
     */
    public static Future<Agent> start(Vertx vertx, Path stateDir, List<AppSpec> apps, boolean tcpMigrate,
                                      LogSettings logSettings, String node) {
        return start(vertx, false, stateDir, apps, tcpMigrate, logSettings,
                node == null ? AgentSettings.defaultNode() : node);
    }

    /** For programs that are not Vert.x applications: own Vert.x instance, closed by {@link #quit}. */
    public static Agent startBlocking(Path stateDir, List<AppSpec> apps) {
        return startBlocking(stateDir, apps, false);
    }

    /** {@link #startBlocking(Path, List)}, with {@code tcpMigrate} as in {@link #start(Vertx, Path, List, boolean)}. */
    public static Agent startBlocking(Path stateDir, List<AppSpec> apps, boolean tcpMigrate) {
        Vertx vertx = Vertx.vertx();
        try {
            return await(start(vertx, true, stateDir, apps, tcpMigrate, LogSettings.under(stateDir),
                    AgentSettings.defaultNode()), 60);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    private static Future<Agent> start(Vertx vertx, boolean ownsVertx, Path stateDir, List<AppSpec> apps,
                                       boolean tcpMigrate, LogSettings logSettings, String node) {
        WorkerLogs logs = new WorkerLogs();
        return vertx.executeBlocking(() -> StateDir.openBlocking(stateDir)).compose(state -> {
            AtomicReference<SupervisorVerticle> reports = new AtomicReference<>(); // set before any worker writes
            LogWriter files = logSettings.enabled()
                    ? new LogWriter(logSettings.dir(), logSettings.rotation(), new LogEvents(reports::get)) : null;
            // output is read no faster than the files take it: a worker floods into a full pipe, not into our heap
            SupervisorVerticle verticle = new SupervisorVerticle(logs, state.pids(),
                    files == null ? OutputBacklog.NONE : files, node);
            reports.set(verticle);
            if (files != null) {
                logs.addBatchListener(files::write); // on the io thread: write only queues
            }
            return vertx.deployVerticle(verticle)
                    .compose(id -> openControl(vertx, verticle, stateDir))
                    .map(control -> new Agent(vertx, ownsVertx, verticle, logs, stateDir, control, state, tcpMigrate,
                            files, node))
                    .onFailure(e -> {
                        state.lock().close(); // nothing runs yet: the next agent may start
                        if (files != null) {
                            files.close();
                        }
                    })
                    .compose(agent -> agent.startApps(apps).map(agent));
        });
    }

    /** The log writer's reports become agent-wide events, on the supervisor's context. */
    private record LogEvents(Supplier<SupervisorVerticle> verticle) implements LogWriter.Listener {
        @Override
        public void unwritable(String path, String error, long unwritten) {
            verticle.get().tell(sup -> sup.logsUnwritable(path, error, unwritten));
        }

        @Override
        public void resumed(String path, long unwritten) {
            verticle.get().tell(sup -> sup.logsResumed(path, unwritten));
        }
    }

    /** The workers' control channel; the core passes its path to every fork. */
    private static Future<ControlServer> openControl(Vertx vertx, SupervisorVerticle verticle, Path stateDir) {
        return ControlServer.start(vertx, verticle, stateDir.resolve("control.sock")).compose(c ->
                c == null ? Future.succeededFuture() : verticle.call(sup -> {
                    sup.setControlPath(c.path().toString());
                    return c;
                }));
    }

    private Future<Void> startApps(List<AppSpec> apps) {
        apps.forEach(this::configureLogs);
        return beforeStart(apps).compose(v -> verticle.call(sup -> {
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
    private Future<Void> beforeStart(List<AppSpec> apps) {
        if (apps.stream().noneMatch(a -> a.port() != null || !a.watch().isEmpty())) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            if (apps.stream().anyMatch(a -> a.port() != null)) {
                TcpMigrate.ensureOnceBlocking(tcpMigrate);
            }
            for (AppSpec a : apps) {
                dev.watchBlocking(a);
            }
            return null;
        });
    }

    /** Before the app's first line: its files rotate by its own {@code logs} over the agent's. */
    private void configureLogs(AppSpec spec) {
        if (logFiles != null) {
            logFiles.configureApp(spec.name(), spec.logs());
        }
    }

    // ------------------------------------------------------------------ SupervisorApi

    @Override
    public Future<List<Long>> send(Target target, JsonNode data) {
        return verticle.call(sup -> sup.status(target).stream().map(WorkerInfo::id).toList())
                .map(ids -> control == null ? List.<Long>of() : control.send(ids, data));
    }

    @Override
    public Future<AppInfo> addApp(AppSpec spec) {
        configureLogs(spec);
        return beforeStart(List.of(spec)).compose(v -> verticle.callAsync(sup -> sup.addApp(spec)));
    }

    @Override
    public Future<AppInfo> stopApp(String app) {
        return verticle.callAsync(sup -> sup.stopApp(app));
    }

    @Override
    public Future<Void> deleteApp(String app) {
        return verticle.callAsync(sup -> sup.deleteApp(app)).onSuccess(v -> dev.unwatch(app));
    }

    @Override
    public Future<AppInfo> resize(String app, int size) {
        return verticle.callAsync(sup -> sup.resize(app, size));
    }

    @Override
    public Future<AppInfo> add(String app, int n) {
        return verticle.callAsync(sup -> sup.add(app, n));
    }

    @Override
    public Future<AppInfo> sub(String app, int n) {
        return verticle.callAsync(sup -> sup.sub(app, n));
    }

    @Override
    public Future<RestartResult> restart(Target target, RestartBatch batch) {
        return verticle.callAsync(sup -> sup.restart(target, batch));
    }

    @Override
    public Future<List<Long>> shutdown(Target target) {
        return verticle.callAsync(sup -> sup.shutdown(target));
    }

    @Override
    public Future<List<Long>> terminate(Target target) {
        return verticle.callAsync(sup -> sup.terminate(target));
    }

    @Override
    public Future<List<Long>> signal(Target target, Signal signal) {
        return verticle.call(sup -> sup.signal(target, signal));
    }

    @Override
    public Future<List<WorkerInfo>> status(Target target) {
        return verticle.call(sup -> sup.status(target));
    }

    @Override
    public Future<List<AppInfo>> apps() {
        return verticle.call(Supervisor::apps);
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        return verticle.events().addListener(listener);
    }

    @Override
    public WorkerLogs logs() {
        return logs;
    }

    @Override
    public LogWriter logFiles() {
        return logFiles;
    }

    /** Answered on the caller's context (the writer thread completes it). */
    @Override
    public Future<Integer> reopenLogs() {
        return logFiles == null ? Future.succeededFuture(0)
                : Future.fromCompletionStage(logFiles.reopen(), vertx.getOrCreateContext());
    }

    @Override
    public Path stateDir() {
        return stateDir;
    }

    /** The state directory's problems now (blocking: one access check), for agent.info. */
    @Override
    public List<String> stateDirProblemsBlocking() {
        return state.health().problemsBlocking();
    }

    @Override
    public WorkerCgroups cgroups() {
        return verticle.cgroups();
    }

    /** Where start-up and the apps.* methods report files set aside and failed writes. */
    public StateDirHealth stateDirHealth() {
        return state.health();
    }

    @Override
    public long startedAtMs() {
        return startedAtMs;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Future<Void> nodeJoined(String peer, String address) {
        return verticle.call(sup -> {
            sup.nodeJoined(peer, address);
            return null;
        });
    }

    @Override
    public Future<Void> nodeLeft(String peer, String address, String reason) {
        return verticle.call(sup -> {
            sup.nodeLeft(peer, address, reason);
            return null;
        });
    }

    /** Whether the operator allowed the agent to set net.ipv4.tcp_migrate_req. */
    public boolean tcpMigrate() {
        return tcpMigrate;
    }

    public Vertx vertx() {
        return vertx;
    }

    // ------------------------------------------------------------------ quitting

    /**
     * Graceful quit: every worker is stopped within its kill timeout, then the launcher and the
     * supervisor are closed (and Vert.x, when the agent created it). Idempotent.
     */
    public Future<Void> quit() {
        return quit.quit();
    }

    /** {@link #quit()}, waited for from a thread that is not a Vert.x thread. */
    public void quitBlocking(long timeoutSeconds) {
        await(quit(), timeoutSeconds);
    }

    /** Hard quit: SIGKILL every worker's tree now, from the calling thread. The caller exits next. */
    public void hardQuit() {
        quit.hardQuit();
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
