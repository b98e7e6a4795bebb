package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.Params;

import java.util.List;

/**
 * What runs: apps added at run time ({@code apps.list}, {@code apps.start}, {@code apps.stop},
 * {@code apps.delete}), new tokens ({@code agent.rotateTokens}) and the agent's own end
 * ({@code agent.quit}), which comes last of all.
 */
public final class AppCalls {

    private AppCalls() {
    }

    /**
     * {@code apps.start}: the app with the keys of an app in the config file (the agent checks them),
     * and the node to start it on (null: the connected node).
     */
    public record StartParams(JsonNode app, long timeoutMs, String node) {
        public StartParams(JsonNode app, long timeoutMs) {
            this(app, timeoutMs, null);
        }

        static StartParams read(Params p) {
            return new StartParams(p.object("app"), WorkerCalls.timeout(p, WorkerCalls.DEFAULT_TIMEOUT_MS),
                    nodeName(p));
        }

        private static String nodeName(Params p) {
            if (!p.has("node")) {
                return null;
            }
            JsonNode n = p.raw("node");
            if (!n.isTextual() || !TargetParam.NODE_NAME.matcher(n.asText()).matches()) {
                throw Params.invalid("node", "a node name (letters, digits, '.', '_' or '-', at most 63)", n);
            }
            return n.asText();
        }
    }

    /** {@code apps.stop}, {@code apps.delete}: one app by name. */
    public record AppTimeout(String app, long timeoutMs) {
        static AppTimeout read(Params p) {
            return new AppTimeout(p.string("app"), WorkerCalls.timeout(p, WorkerCalls.DEFAULT_TIMEOUT_MS));
        }
    }

    /**
     * One app. {@code spec} has the keys of the config file, so it can be given back to apps.start.
     *
     * @param size the size it wants now ({@code spec.size} is the one it was configured with)
     */
    public record AppView(String node, String name, String state, int size, int workers, int online, String reason,
                          JsonNode spec) {
        /** An app without a node name (not written then). */
        public AppView(String name, String state, int size, int workers, int online, String reason, JsonNode spec) {
            this(null, name, state, size, workers, online, reason, spec);
        }

        /** {"node", "name", "state", "size", "workers", "online", "reason", "spec"}. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            WorkerCalls.putNode(n, node);
            n.put("name", name);
            n.put("state", state);
            n.put("size", size);
            n.put("workers", workers);
            n.put("online", online);
            n.put("reason", reason);
            n.set("spec", spec);
            return n;
        }
    }

    /** {"app": {...}}: the result of resize, add, sub, apps.start and apps.stop (and -32013's data). */
    public record AppResult(AppView app) {
        /** {"app": {...}}. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("app", app.toJson());
            return n;
        }
    }

    /** {@code apps.list} result: {"apps": [...]}, and {"unreachable"} as status's. */
    public record AppsResult(List<AppView> apps, List<FleetCalls.NodeFailure> unreachable) {
        public AppsResult(List<AppView> apps) {
            this(apps, null);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("apps");
            apps.forEach(a -> list.add(a.toJson()));
            FleetCalls.NodeFailure.write(n, unreachable);
            return n;
        }
    }

    /** {@code apps.delete} result: {"deleted": "web"}. */
    public record DeletedResult(String deleted) {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("deleted", deleted);
        }
    }

    /** {@code agent.quit} result: {"quitting": true}. */
    public record QuitResult() {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("quitting", true);
        }
    }

    public static final Method<AgentCalls.None, AppsResult> LIST = Method.of("apps.list", false,
            "every app with its state, size and spec", List.of(), AgentCalls.None::read, AppsResult::toJson);

    public static final Method<StartParams, AppResult> START = Method.of("apps.start", true,
            "add and start an app; kept in the state directory across agent restarts",
            List.of(Param.required("app", Param.Kind.VALUE, "object (the keys of an app in the config file)"),
                    Param.TIMEOUT, Param.optional("node", Param.Kind.VALUE, "node name (default: the connected node)")),
            StartParams::read, AppResult::toJson);

    public static final Method<AppTimeout, AppResult> STOP = Method.of("apps.stop", true,
            "take an app to size 0, keeping it", List.of(Param.APP, Param.TIMEOUT), AppTimeout::read, AppResult::toJson);

    public static final Method<AppTimeout, DeletedResult> DELETE = Method.of("apps.delete", true,
            "stop an app and forget it", List.of(Param.APP, Param.TIMEOUT), AppTimeout::read, DeletedResult::toJson);

    /** {@code apps.save} result: {"path": ".../saved.json", "apps": ["web", ...]}. */
    public record SavedResult(String path, List<String> apps) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("path", path);
            ArrayNode list = n.putArray("apps");
            apps.forEach(list::add);
            return n;
        }
    }

    /** {@code apps.resurrect} result: {"started": [...], "running": [...], "path": ".../saved.json"}. */
    public record ResurrectedResult(List<String> started, List<String> running, String path) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode s = n.putArray("started");
            started.forEach(s::add);
            ArrayNode r = n.putArray("running");
            running.forEach(r::add);
            n.put("path", path);
            return n;
        }
    }

    public static final Method<AgentCalls.None, SavedResult> SAVE = Method.of("apps.save", true,
            "write every app with its current size to <stateDir>/saved.json", List.of(),
            AgentCalls.None::read, SavedResult::toJson);

    public static final Method<AgentCalls.None, ResurrectedResult> RESURRECT = Method.of("apps.resurrect", true,
            "start every app of saved.json that is not running, at its saved size", List.of(),
            AgentCalls.None::read, ResurrectedResult::toJson);

    /**
     * {@code agent.rotateTokens} result: where the new tokens are (never the tokens themselves).
     */
    public record RotatedResult(String tokenFile, String readOnlyTokenFile) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("rotated", true);
            n.put("tokenFile", tokenFile);
            n.put("readOnlyTokenFile", readOnlyTokenFile);
            return n;
        }
    }

    /**
     * New full and read-only tokens, written to their files (mode 0600); the old ones are refused
     * to new logins at once, sessions already authenticated go on. Bound to the servers, which hold
     * the tokens (they give it to the method table with the connection's methods).
     */
    public static final Method<AgentCalls.None, RotatedResult> ROTATE_TOKENS = Method.of("agent.rotateTokens", true,
            "new tokens in the token files; the old ones stop working for new logins", List.of(),
            AgentCalls.None::read, RotatedResult::toJson);

    public static final Method<AgentCalls.None, QuitResult> QUIT = Method.of("agent.quit", true,
            "stop every worker gracefully, then exit the agent", List.of(),
            AgentCalls.None::read, QuitResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(LIST, START, STOP, DELETE, SAVE, RESURRECT, ROTATE_TOKENS, QUIT);
}
