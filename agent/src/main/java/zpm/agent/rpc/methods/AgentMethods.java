package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.Signal;
import zpm.agent.core.SupervisorException;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.rpc.RpcMethods;
import zpm.agent.rpc.Targets;
import zpm.agent.state.RuntimeApps;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Params;
import zpm.protocol.jsonrpc.RpcException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The agent's plain request/response methods, over the {@link SupervisorApi}. Long operations
 * answer when done, or with a timeout error (the operation goes on; events show its progress).
 */
public final class AgentMethods implements RpcMethods {

    static final long DEFAULT_TIMEOUT_MS = 120_000;
    static final long RESTART_TIMEOUT_MS = 600_000;
    private static final long MAX_TIMEOUT_MS = 3_600_000;
    private static final Set<String> TARGET_ONLY = Set.of("target");
    private static final Set<String> TARGET_TIMEOUT = Set.of("target", "timeout");

    private final Vertx vertx;
    private final SupervisorApi agent;
    private final StatsCache stats;
    private final AppsMethods appsMethods;
    private final AgentInfo info;
    private final Map<String, Function<JsonNode, Future<JsonNode>>> table = new HashMap<>();
    /** Set by agent.quit (and by the agent's own quit): changes are refused from then on. */
    private volatile boolean quitting;

    /**
     * @param info   what agent.info reports beyond the supervisor (addresses, drops)
     * @param onQuit starts the agent's graceful quit (and exit) after agent.quit has been answered
     */
    public AgentMethods(Vertx vertx, SupervisorApi agent, RuntimeApps runtimeApps, AgentInfo info, Runnable onQuit) {
        this.vertx = vertx;
        this.agent = agent;
        this.stats = new StatsCache(vertx);
        this.info = info;
        this.appsMethods = new AppsMethods(agent, runtimeApps, this);
        table.put("agent.info", p -> info(Params.of(p, Set.of())));
        table.put("status", p -> status(Params.of(p, TARGET_ONLY)));
        table.put("connections", p -> connections(Params.of(p, TARGET_ONLY)));
        table.put("restart", p -> restart(Params.of(p, TARGET_TIMEOUT)));
        table.put("shutdown", p -> stop(Params.of(p, TARGET_TIMEOUT), false));
        table.put("terminate", p -> stop(Params.of(p, TARGET_TIMEOUT), true));
        table.put("resize", p -> resize(Params.of(p, Set.of("app", "size", "timeout"))));
        table.put("add", p -> addOrSub(Params.of(p, Set.of("app", "n", "timeout")), true));
        table.put("sub", p -> addOrSub(Params.of(p, Set.of("app", "n", "timeout")), false));
        table.put("signal", p -> signal(Params.of(p, Set.of("signal", "target"))));
        table.put("send", p -> send(Params.of(p, Set.of("target", "data"))));
        table.put("apps.list", p -> appsMethods.list(Params.of(p, Set.of())));
        table.put("apps.start", p -> appsMethods.start(Params.of(p, Set.of("app", "timeout"))));
        table.put("apps.stop", p -> appsMethods.stop(Params.of(p, Set.of("app", "timeout"))));
        table.put("apps.delete", p -> appsMethods.delete(Params.of(p, Set.of("app", "timeout"))));
        table.put("agent.quit", p -> quit(Params.of(p, Set.of()), onQuit));
    }

    @Override
    public boolean handles(String method) {
        return table.containsKey(method);
    }

    @Override
    public Future<JsonNode> call(String method, JsonNode params) {
        Function<JsonNode, Future<JsonNode>> handler = table.get(method);
        if (handler == null) {
            return Future.failedFuture(new RpcException(ErrorCode.METHOD_NOT_FOUND, "method \"" + method + "\" not found"));
        }
        if (quitting && MethodCatalog.find(method).map(MethodCatalog.Method::mutating).orElse(true)) {
            return Future.failedFuture(new RpcException(ErrorCode.SHUTTING_DOWN,
                    "the agent is shutting down; \"" + method + "\" was not run"));
        }
        try {
            return handler.apply(params).recover(e -> Future.failedFuture(translate(e)));
        } catch (RuntimeException e) {
            return Future.failedFuture(translate(e));
        }
    }

    /** Supervisor refusals become their error codes; RpcExceptions pass; the rest stays internal. */
    static Throwable translate(Throwable e) {
        if (e instanceof SupervisorException s) {
            ErrorCode code = switch (s.kind()) {
                case UNKNOWN_APP -> ErrorCode.UNKNOWN_APP;
                case UNKNOWN_WORKER -> ErrorCode.UNKNOWN_WORKER;
                case CONFLICT -> ErrorCode.CONFLICT;
                case SHUTTING_DOWN -> ErrorCode.SHUTTING_DOWN;
                case INVALID -> ErrorCode.INVALID_PARAMS;
            };
            return new RpcException(code, s.getMessage());
        }
        return e;
    }

    private Future<JsonNode> info(Params p) {
        return agent.apps().compose(apps -> agent.status(Target.ALL).compose(workers ->
                vertx.executeBlocking(() -> info.toJson(agent, apps, workers))));
    }

    private Future<JsonNode> status(Params p) {
        return agent.status(Targets.read(p)).compose(workers -> withStats(workers, false).map(byPid -> {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            ArrayNode list = result.putArray("workers");
            for (WorkerInfo w : workers) {
                list.add(Views.worker(w, w.pid() == null ? null : byPid.get(w.pid())));
            }
            return result;
        }));
    }

    private Future<JsonNode> connections(Params p) {
        // Always a fresh sample: a count from seconds ago is the wrong answer to "who is connected".
        return agent.status(Targets.read(p)).compose(workers -> withStats(workers, true).map(byPid -> {
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            ArrayNode list = result.putArray("workers");
            int total = 0;
            for (WorkerInfo w : workers) {
                StatsCache.Stats s = w.pid() == null ? null : byPid.get(w.pid());
                ObjectNode n = list.addObject();
                n.put("id", w.id());
                n.put("app", w.app());
                n.put("slot", w.slot());
                n.put("connections", s == null ? 0 : s.connections());
                n.set("ports", JsonTree.of(s == null ? List.of() : s.listenPorts()));
                total += s == null ? 0 : s.connections();
            }
            result.put("total", total);
            return result;
        }));
    }

    private Future<Map<Long, StatsCache.Stats>> withStats(List<WorkerInfo> workers, boolean fresh) {
        List<Long> pids = workers.stream().map(WorkerInfo::pid).filter(pid -> pid != null).toList();
        return pids.isEmpty() ? Future.succeededFuture(Map.of()) : stats.get(pids, fresh);
    }

    private Future<JsonNode> restart(Params p) {
        Target target = Targets.read(p);
        long timeout = timeout(p, RESTART_TIMEOUT_MS);
        return withTimeout("restart", timeout, agent.restart(target)).map(r -> {
            if (!r.ok()) {
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                data.set("replaced", Views.ids(r.replaced()));
                data.set("started", Views.ids(r.started()));
                throw new RpcException(zpm.protocol.jsonrpc.RpcError.of(ErrorCode.FAILED, r.error(), data));
            }
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("replaced", Views.ids(r.replaced()));
            n.set("started", Views.ids(r.started()));
            return n;
        });
    }

    private Future<JsonNode> stop(Params p, boolean kill) {
        Target target = Targets.read(p);
        Future<List<Long>> op = kill ? agent.terminate(target) : agent.shutdown(target);
        return withTimeout(kill ? "terminate" : "shutdown", timeout(p, DEFAULT_TIMEOUT_MS), op)
                .map(ids -> {
                    ObjectNode n = JsonNodeFactory.instance.objectNode();
                    n.set("stopped", Views.ids(ids));
                    return n;
                });
    }

    private Future<JsonNode> resize(Params p) {
        String app = p.string("app");
        int size = (int) p.integer("size", 0, 10_000);
        return appResult("resize", timeout(p, DEFAULT_TIMEOUT_MS), agent.resize(app, size));
    }

    private Future<JsonNode> addOrSub(Params p, boolean add) {
        String app = p.string("app");
        int n = (int) p.integer("n", 1, 10_000, 1);
        return appResult(add ? "add" : "sub", timeout(p, DEFAULT_TIMEOUT_MS), add ? agent.add(app, n) : agent.sub(app, n));
    }

    Future<JsonNode> appResult(String what, long timeoutMs, Future<zpm.agent.core.AppInfo> op) {
        return withTimeout(what, timeoutMs, op).map(a -> {
            if (a.state() == zpm.agent.core.AppState.FATAL && a.failure() == zpm.agent.core.AppFailure.SPAWN_FAILED) {
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                data.set("app", Views.app(a));
                throw new RpcException(zpm.protocol.jsonrpc.RpcError.of(ErrorCode.SPAWN_FAILED,
                        a.name() + ": " + a.reason() + "; fix the command, then resize or restart the app", data));
            }
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("app", Views.app(a));
            return n;
        });
    }

    private Future<JsonNode> signal(Params p) {
        String name = p.string("signal");
        Signal sig = Signal.parse(name);
        if (sig == null) {
            throw Params.invalid("signal", "a signal name such as TERM, HUP, INT, USR1, USR2, QUIT, KILL",
                    p.raw("signal"));
        }
        return agent.signal(Targets.read(p), sig).map(ids -> {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("signal", sig.name());
            n.set("signalled", Views.ids(ids));
            return n;
        });
    }

    /** {@code send}: data to workers over their control channels; says which were reached. */
    private Future<JsonNode> send(Params p) {
        JsonNode data = p.raw("data");
        if (data == null || data.isMissingNode()) {
            throw Params.invalid("data", "any JSON value to deliver to the workers", null);
        }
        return agent.send(Targets.read(p), data).map(ids -> {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("sent", Views.ids(ids));
            return n;
        });
    }

    private Future<JsonNode> quit(Params p, Runnable onQuit) {
        quitting = true;
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("quitting", true);
        // Answer first: the reply must leave before the transports close.
        vertx.setTimer(50, t -> onQuit.run());
        return Future.succeededFuture(n);
    }

    long timeout(Params p, long dflt) {
        return p.integer("timeout", 1, MAX_TIMEOUT_MS, dflt);
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
