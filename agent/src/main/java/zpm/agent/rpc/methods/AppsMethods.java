package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import zpm.agent.api.SupervisorApi;
import zpm.agent.config.ConfigException;
import zpm.agent.config.ConfigLoader;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.state.RuntimeApps;
import zpm.protocol.api.AgentCalls.None;
import zpm.protocol.api.AppCalls.AppResult;
import zpm.protocol.api.AppCalls.AppTimeout;
import zpm.protocol.api.AppCalls.AppsResult;
import zpm.protocol.api.AppCalls.DeletedResult;
import zpm.protocol.api.AppCalls.StartParams;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

/** apps.list, apps.start, apps.stop, apps.delete: apps added at run time, kept across restarts. */
final class AppsMethods {

    private final SupervisorApi agent;
    private final RuntimeApps kept;
    private final AgentMethods methods;
    private final ConfigLoader loader = new ConfigLoader();

    AppsMethods(SupervisorApi agent, RuntimeApps kept, AgentMethods methods) {
        this.agent = agent;
        this.kept = kept;
        this.methods = methods;
    }

    Future<AppsResult> list(None p) {
        return agent.apps().map(apps -> new AppsResult(apps.stream().map(Views::app).toList()));
    }

    /** The app object is read by the config loader, so it takes exactly the config file's keys. */
    Future<AppResult> start(StartParams p) {
        JsonNode appJson = p.app();
        AppSpec spec;
        try {
            spec = loader.parseApp(appJson, "app", null);
        } catch (ConfigException e) {
            ArrayNode problems = JsonNodeFactory.instance.arrayNode();
            e.problems().forEach(problems::add);
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("param", "app");
            data.set("problems", problems);
            throw new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS,
                    "param \"app\" is not a valid app: " + String.join("; ", e.problems()), data));
        }
        // apps.json first, the agent after: an answer never says "failed" for a change that took
        // effect in memory but would be lost at the next restart. Kept once the agent took it
        // (after it came up, or while it comes up past the timeout); put back when it refused it.
        String name = spec.name();
        Future<AppInfo> started = persisted(kept.put(name, appJson, false))
                .compose(before -> undoIfRefused(agent.addApp(spec), name, before));
        return methods.appResult("apps.start", p.timeoutMs(), started);
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
