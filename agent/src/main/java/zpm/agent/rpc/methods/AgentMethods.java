package zpm.agent.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppFailure;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppState;
import zpm.agent.core.Signal;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.rpc.ConnectionMethods;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.RpcMethods;
import zpm.agent.rpc.CoreTargets;
import zpm.agent.state.RuntimeApps;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.AgentCalls.InfoResult;
import zpm.protocol.api.AgentCalls.None;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.AppCalls.AppResult;
import zpm.protocol.api.AppCalls.QuitResult;
import zpm.protocol.api.FleetCalls;
import zpm.protocol.api.FleetCalls.NodeRow;
import zpm.protocol.api.FleetCalls.NodesResult;
import zpm.protocol.api.StreamCalls;
import zpm.protocol.ZpmVersion;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.api.WorkerCalls.ConnectionRow;
import zpm.protocol.api.WorkerCalls.ConnectionsResult;
import zpm.protocol.api.WorkerCalls.ResizeParams;
import zpm.protocol.api.WorkerCalls.RestartParams;
import zpm.protocol.api.WorkerCalls.RestartResult;
import zpm.protocol.api.WorkerCalls.SendParams;
import zpm.protocol.api.WorkerCalls.SentResult;
import zpm.protocol.api.WorkerCalls.SignalParams;
import zpm.protocol.api.WorkerCalls.SignalResult;
import zpm.protocol.api.WorkerCalls.StepParams;
import zpm.protocol.api.WorkerCalls.StoppedResult;
import zpm.protocol.api.WorkerCalls.TargetParams;
import zpm.protocol.api.WorkerCalls.TargetTimeout;
import zpm.protocol.api.WorkerCalls.WorkersResult;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's method table: every method of the catalog bound to its handler in
 * {@link #handlers}, one explicit list; the handlers of the plain request/response methods are
 * here, over the {@link SupervisorApi}. Long operations answer when done, or with a timeout error
 * (the operation goes on; events show its progress).
 */
public final class AgentMethods implements RpcMethods {

    private final Vertx vertx;
    /** The supervisor: every call to it goes through this one field. */
    private final SupervisorApi agent;
    private final StatsCache stats;
    private final AppsMethods appsMethods;
    private final AgentInfo info;
    private final Runnable onQuit;
    /** Set by agent.quit (and by the agent's own quit): changes are refused from then on. */
    private volatile boolean quitting;

    /**
     * @param info   what agent.info reports beyond the supervisor (addresses, drops)
     * @param onQuit starts the agent's graceful quit (and exit) once agent.quit has been answered
     */
    public AgentMethods(Vertx vertx, SupervisorApi agent, RuntimeApps runtimeApps, AgentInfo info, Runnable onQuit) {
        this.vertx = vertx;
        this.agent = agent;
        this.stats = new StatsCache(vertx);
        this.info = info;
        this.onQuit = onQuit;
        this.appsMethods = new AppsMethods(vertx, agent, runtimeApps, this);
    }

    @Override
    public List<MethodHandler> handlers(ConnectionMethods connection) {
        return List.of(
                MethodHandler.ofConnection(AgentCalls.AUTH, connection::auth),
                MethodHandler.of(AgentCalls.INFO, this::info),
                MethodHandler.of(WorkerCalls.STATUS, this::status),
                MethodHandler.of(WorkerCalls.CONNECTIONS, this::connections),
                MethodHandler.of(WorkerCalls.RESTART, this::restart),
                MethodHandler.of(WorkerCalls.SHUTDOWN, p -> stop(p, false)),
                MethodHandler.of(WorkerCalls.TERMINATE, p -> stop(p, true)),
                MethodHandler.of(WorkerCalls.RESIZE, this::resize),
                MethodHandler.of(WorkerCalls.ADD, p -> addOrSub(p, true)),
                MethodHandler.of(WorkerCalls.SUB, p -> addOrSub(p, false)),
                MethodHandler.of(WorkerCalls.SIGNAL, this::signal),
                MethodHandler.of(WorkerCalls.SEND, this::send),
                MethodHandler.ofConnection(StreamCalls.LOGS, connection::logs),
                MethodHandler.of(StreamCalls.LOGS_REOPEN, p -> agent.reopenLogs().map(StreamCalls.ReopenedResult::new)),
                MethodHandler.ofConnection(StreamCalls.SUBSCRIBE, connection::subscribe),
                MethodHandler.ofConnection(StreamCalls.UNSUBSCRIBE, connection::unsubscribe),
                MethodHandler.of(FleetCalls.NODES, this::nodes),
                MethodHandler.of(AppCalls.LIST, appsMethods::list),
                MethodHandler.of(AppCalls.START, appsMethods::start),
                MethodHandler.of(AppCalls.STOP, appsMethods::stop),
                MethodHandler.of(AppCalls.DELETE, appsMethods::delete),
                MethodHandler.of(AppCalls.SAVE, appsMethods::save),
                MethodHandler.of(AppCalls.RESURRECT, appsMethods::resurrect),
                MethodHandler.of(AppCalls.ROTATE_TOKENS, connection::rotateTokens),
                MethodHandler.of(AppCalls.QUIT, this::quit).thenAfterAnswer(onQuit));
    }

    /** The supervisor this table answers for (the fleet's methods send it node events). */
    public SupervisorApi supervisor() {
        return agent;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The per-worker samples status shows (CPU, memory, connections), for /metrics too. */
    public StatsCache stats() {
        return stats;
    }

    @Override
    public boolean quitting() {
        return quitting;
    }

    private Future<InfoResult> info(None p) {
        return agent.apps().compose(apps -> agent.status(Target.ALL).compose(workers ->
                vertx.executeBlocking(() -> info.read(agent, apps, workers))));
    }

    /** {@code nodes} of an agent alone: itself (a clustered agent's FleetMethods answer for the fleet). */
    private Future<NodesResult> nodes(None p) {
        return agent.apps().compose(apps -> agent.status(Target.ALL).map(workers -> new NodesResult(List.of(
                new NodeRow(agent.node(), null, ZpmVersion.get(), System.currentTimeMillis() - agent.startedAtMs(),
                        apps.size(), workers.size(), "up", true)))));
    }

    private Future<WorkersResult> status(TargetParams p) {
        return agent.status(CoreTargets.of(p.target(), agent.node())).compose(workers -> withStats(workers, false)
                .map(byPid -> new WorkersResult(workers.stream()
                        .map(w -> Views.worker(agent.node(), w, w.pid() == null ? null : byPid.get(w.pid())))
                        .toList())));
    }

    private Future<ConnectionsResult> connections(TargetParams p) {
        // Always a fresh sample: a count from seconds ago is the wrong answer to "who is connected".
        Target target = CoreTargets.of(p.target(), agent.node());
        return agent.status(target).compose(workers -> withStats(workers, true).map(byPid -> {
            List<ConnectionRow> rows = new ArrayList<>();
            int total = 0;
            for (WorkerInfo w : workers) {
                StatsCache.Stats s = w.pid() == null ? null : byPid.get(w.pid());
                rows.add(new ConnectionRow(agent.node(), w.id(), w.app(), w.slot(), s == null ? 0 : s.connections(),
                        s == null ? List.of() : s.listenPorts()));
                total += s == null ? 0 : s.connections();
            }
            return new ConnectionsResult(rows, total);
        }));
    }

    private Future<Map<Long, StatsCache.Stats>> withStats(List<WorkerInfo> workers, boolean fresh) {
        List<Long> pids = workers.stream().map(WorkerInfo::pid).filter(pid -> pid != null).toList();
        return pids.isEmpty() ? Future.succeededFuture(Map.of()) : stats.get(pids, fresh);
    }

    private Future<RestartResult> restart(RestartParams p) {
        Target target = CoreTargets.of(p.target(), agent.node());
        return withTimeout("restart", p.timeoutMs(), agent.restart(target, p.batch())).map(r -> {
            RestartResult result = new RestartResult(r.replaced(), r.started());
            if (!r.ok()) {
                throw new RpcException(RpcError.of(ErrorCode.FAILED, r.error(), result.toJson()));
            }
            return result;
        });
    }

    private Future<StoppedResult> stop(TargetTimeout p, boolean kill) {
        Target target = CoreTargets.of(p.target(), agent.node());
        Future<List<Long>> op = kill ? agent.terminate(target) : agent.shutdown(target);
        return withTimeout(kill ? "terminate" : "shutdown", p.timeoutMs(), op).map(StoppedResult::new);
    }

    private Future<AppResult> resize(ResizeParams p) {
        return appResult("resize", p.timeoutMs(), agent.resize(p.app(), p.size()));
    }

    private Future<AppResult> addOrSub(StepParams p, boolean add) {
        return appResult(add ? "add" : "sub", p.timeoutMs(), add ? agent.add(p.app(), p.n()) : agent.sub(p.app(), p.n()));
    }

    Future<AppResult> appResult(String what, long timeoutMs, Future<AppInfo> op) {
        return withTimeout(what, timeoutMs, op).map(a -> {
            AppResult result = new AppResult(Views.app(agent.node(), a));
            if (a.state() == AppState.FATAL && a.failure() == AppFailure.SPAWN_FAILED) {
                throw new RpcException(RpcError.of(ErrorCode.SPAWN_FAILED,
                        a.name() + ": " + a.reason() + "; fix the command, then resize or restart the app",
                        result.toJson()));
            }
            return result;
        });
    }

    private Future<SignalResult> signal(SignalParams p) {
        Signal sig = Signal.parse(p.signal());
        if (sig == null) {
            throw p.unknownSignal();
        }
        return agent.signal(CoreTargets.of(p.target(), agent.node()), sig)
                .map(ids -> new SignalResult(sig.name(), ids));
    }

    /** {@code send}: data to workers over their control channels; says which were reached. */
    private Future<SentResult> send(SendParams p) {
        return agent.send(CoreTargets.of(p.target(), agent.node()), p.data()).map(SentResult::new);
    }

    /** Refuses changes from now on; the quit itself starts once this answer is written. */
    private Future<QuitResult> quit(None p) {
        quitting = true;
        return Future.succeededFuture(new QuitResult());
    }

    /** The operation's result, or a timeout error; the operation itself is not cancelled. */
    <T> Future<T> withTimeout(String what, long timeoutMs, Future<T> op) {
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(timeoutMs, t -> p.tryFail(new RpcException(ErrorCode.TIMEOUT,
                what + " did not finish within " + timeoutMs + " ms; it goes on: watch the events or status")));
        op.onComplete(r -> {
            vertx.cancelTimer(timer);
            if (r.succeeded()) {
                p.tryComplete(r.result());
            } else {
                p.tryFail(r.cause());
            }
        });
        return p.future();
    }

    /** Refuses every further change (the agent is quitting) and stops sampling. */
    public void close() {
        quitting = true;
        stats.close();
    }
}
