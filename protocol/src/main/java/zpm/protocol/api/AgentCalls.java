package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Params;

import java.util.List;

/** The agent itself: {@code auth} and {@code agent.info} (and the records {@code agent.quit} uses). */
public final class AgentCalls {

    private AgentCalls() {
    }

    /** The params of a method that takes none. */
    public record None() {
        static final None INSTANCE = new None();

        static None read(Params p) {
            return INSTANCE;
        }
    }

    /** {@code auth} params. */
    public record AuthParams(String token) {
        static AuthParams read(Params p) {
            return new AuthParams(p.string("token"));
        }
    }

    /** {@code auth} result: {"ok": true, "readOnly": bool}. */
    public record AuthResult(boolean ok, boolean readOnly) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("ok", ok);
            n.put("readOnly", readOnly);
            return n;
        }
    }

    /** {@code agent.info} result: who and where the agent is. */
    public record InfoResult(String version, long pid, String host, String startedAt, long uptimeMs, String java,
                             String stateDir, String rpc, String http, long rssBytes, List<String> apps,
                             int workers, long droppedEvents) {
        public InfoResult {
            apps = List.copyOf(apps);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("version", version);
            n.put("pid", pid);
            n.put("host", host);
            n.put("startedAt", startedAt);
            n.put("uptimeMs", uptimeMs);
            n.put("java", java);
            n.put("stateDir", stateDir);
            n.put("rpc", rpc);
            n.put("http", http);
            n.put("rssBytes", rssBytes);
            n.set("apps", JsonTree.of(apps));
            n.put("workers", workers);
            n.put("droppedEvents", droppedEvents);
            return n;
        }
    }

    public static final Method<AuthParams, AuthResult> AUTH = Method.of("auth", false,
            "authenticate this connection", List.of(Param.required("token", Param.Kind.VALUE, "string")),
            AuthParams::read, AuthResult::toJson).answeredByConnection();

    public static final Method<None, InfoResult> INFO = Method.of("agent.info", false,
            "version, pid, uptime, host, apps and the agent's own memory", List.of(),
            None::read, InfoResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(AUTH, INFO);
}
