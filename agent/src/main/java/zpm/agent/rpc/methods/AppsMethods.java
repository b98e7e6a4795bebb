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
        long timeout = p.timeoutMs();
        // Kept once the agent took it: after it came up, or when the wait timed out while it
        // comes up; not when it was refused (a name in use, the agent quitting).
        Future<AppInfo> started = agent.addApp(spec)
                .compose(a -> kept.put(spec.name(), appJson, false).map(a));
        return methods.appResult("apps.start", timeout, started).recover(e -> {
            if (e instanceof RpcException r && r.code() == ErrorCode.TIMEOUT) {
                return kept.put(spec.name(), appJson, false).compose(v -> Future.failedFuture(e));
            }
            return Future.failedFuture(e);
        });
    }

    Future<AppResult> stop(AppTimeout p) {
        String app = p.app();
        return methods.appResult("apps.stop", p.timeoutMs(),
                agent.stopApp(app).compose(a -> kept.markStopped(app, true).map(a)));
    }

    Future<DeletedResult> delete(AppTimeout p) {
        String app = p.app();
        return methods.withTimeout("apps.delete", p.timeoutMs(), agent.deleteApp(app))
                .compose(v -> kept.remove(app))
                .map(v -> new DeletedResult(app));
    }
}
