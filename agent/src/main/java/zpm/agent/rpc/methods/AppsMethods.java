package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.config.ConfigException;
import zpm.agent.config.ConfigLoader;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.rpc.CoreTargets;
import zpm.agent.state.RuntimeApps;
import zpm.agent.state.SavedApps;
import zpm.protocol.api.AgentCalls.None;
import zpm.protocol.api.AppCalls.AppResult;
import zpm.protocol.api.AppCalls.AppTimeout;
import zpm.protocol.api.AppCalls.AppsResult;
import zpm.protocol.api.AppCalls.DeletedResult;
import zpm.protocol.api.AppCalls.ResurrectedResult;
import zpm.protocol.api.AppCalls.SavedResult;
import zpm.protocol.api.AppCalls.StartParams;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * apps.list, apps.start, apps.stop, apps.delete: apps added at run time, kept across restarts;
 * apps.save and apps.resurrect: saved.json.
 */
final class AppsMethods {

    private final Vertx vertx;
    private final SupervisorApi agent;
    private final RuntimeApps kept;
    private final AgentMethods methods;
    private final ConfigLoader loader = new ConfigLoader();

    AppsMethods(Vertx vertx, SupervisorApi agent, RuntimeApps kept, AgentMethods methods) {
        this.vertx = vertx;
        this.agent = agent;
        this.kept = kept;
        this.methods = methods;
    }

    Future<AppsResult> list(None p) {
        return agent.apps().map(apps -> new AppsResult(apps.stream().map(a -> Views.app(agent.node(), a))
                .toList()));
    }

    /** The app object is read by the config loader, so it takes exactly the config file's keys. */
    Future<AppResult> start(StartParams p) {
        CoreTargets.requireSelf(p.node(), agent.node()); // another node's: the fleet's methods send it there
        return methods.appResult("apps.start", p.timeoutMs(), startApp(p.app(), "param \"app\""));
    }

    /**
     * Starts one app and keeps it in apps.json. apps.json first, the agent after: an answer never
     * says "failed" for a change that took effect in memory but would be lost at the next restart.
     * Kept once the agent took it (after it came up, or while it comes up past the timeout); put
     * back when it refused it.
     */
    private Future<AppInfo> startApp(JsonNode appJson, String what) {
        // An app with "user"/"group" is checked against /etc/passwd and /etc/group: off the event
        // loop. Any other is read here, so that its answer keeps its place among the connection's
        // answers (a client that pipelines calls, as the fuzz suite does, sees them in order).
        Future<AppSpec> parsed = appJson.has("user") || appJson.has("group")
                ? vertx.executeBlocking(() -> parse(appJson, what))
                : parseNow(appJson, what);
        return parsed.compose(spec -> {
            String name = spec.name();
            return persisted(kept.put(name, appJson, false))
                    .compose(before -> undoIfRefused(agent.addApp(spec), name, before));
        });
    }

    private Future<AppSpec> parseNow(JsonNode appJson, String what) {
        try {
            return Future.succeededFuture(parse(appJson, what));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private AppSpec parse(JsonNode appJson, String what) {
        try {
            return loader.parseApp(appJson, "app", null);
        } catch (ConfigException e) {
            ArrayNode problems = JsonNodeFactory.instance.arrayNode();
            e.problems().forEach(problems::add);
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("param", "app");
            data.set("problems", problems);
            throw new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS,
                    what + " is not a valid app: " + String.join("; ", e.problems()), data));
        }
    }

    /** Every app with its size now, as apps.start takes it, into saved.json. */
    Future<SavedResult> save(None p) {
        Path stateDir = agent.stateDir();
        return agent.apps().compose(apps -> vertx.executeBlocking(() -> {
            List<JsonNode> saved = new ArrayList<>();
            for (AppInfo a : apps) {
                saved.add(Views.spec(a.spec()).put("size", a.size()));
            }
            try {
                SavedApps.writeBlocking(stateDir, saved);
            } catch (IOException e) {
                throw new RpcException(ErrorCode.FAILED, SavedApps.file(stateDir) + " could not be written (" + e
                        + "); nothing was saved: make the state dir writable and try again");
            }
            return new SavedResult(SavedApps.file(stateDir).toString(), apps.stream().map(AppInfo::name).toList());
        }));
    }

    /** Starts, one after the other, every saved app the agent does not have; the others are left alone. */
    Future<ResurrectedResult> resurrect(None p) {
        Path stateDir = agent.stateDir();
        String path = SavedApps.file(stateDir).toString();
        Future<Map<String, JsonNode>> read = vertx.executeBlocking(() -> readSaved(stateDir));
        Future<ResurrectedResult> done = read.compose(saved -> agent.apps().compose(apps -> {
            Set<String> have = new HashSet<>();
            apps.forEach(a -> have.add(a.name()));
            List<String> started = new ArrayList<>();
            List<String> running = new ArrayList<>();
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<String, JsonNode> e : saved.entrySet()) {
                if (have.contains(e.getKey())) {
                    running.add(e.getKey());
                    continue;
                }
                chain = chain.compose(v -> startApp(e.getValue(), path + ": app \"" + e.getKey() + "\"")
                        .map(info -> {
                            started.add(e.getKey());
                            return null;
                        }));
            }
            return chain.map(v -> new ResurrectedResult(started, running, path));
        }));
        return methods.withTimeout("apps.resurrect", WorkerCalls.DEFAULT_TIMEOUT_MS, done);
    }

    private static Map<String, JsonNode> readSaved(Path stateDir) {
        Map<String, JsonNode> saved;
        try {
            saved = SavedApps.readBlocking(stateDir);
        } catch (IOException e) {
            throw new RpcException(ErrorCode.FAILED, e.getMessage());
        }
        if (saved == null) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "nothing saved: " + SavedApps.file(stateDir)
                    + " does not exist; run zpm save (apps.save) while the apps run, then resurrect");
        }
        return saved;
    }

    Future<AppResult> stop(AppTimeout p) {
        String app = p.app();
        Future<AppInfo> stopped = persisted(kept.markStopped(app, true))
                .compose(before -> undoIfRefused(agent.stopApp(app), app, before));
        return methods.appResult("apps.stop", p.timeoutMs(), stopped);
    }

    Future<DeletedResult> delete(AppTimeout p) {
        String app = p.app();
        Future<Void> deleted = persisted(kept.remove(app))
                .compose(before -> undoIfRefused(agent.deleteApp(app), app, before));
        return methods.withTimeout("apps.delete", p.timeoutMs(), deleted).map(v -> new DeletedResult(app));
    }

    /** The agent refused the operation: apps.json gets back the entry it had before. */
    private <T> Future<T> undoIfRefused(Future<T> op, String app, RuntimeApps.Entry before) {
        return op.recover(e -> kept.restore(app, before).transform(r -> Future.<T>failedFuture(e)));
    }

    /** A write that failed changed nothing: say so, naming the file (not -32603: nothing broke inside). */
    private static <T> Future<T> persisted(Future<T> write) {
        return write.recover(e -> Future.failedFuture(new RpcException(ErrorCode.FAILED, e.getMessage())));
    }
}
