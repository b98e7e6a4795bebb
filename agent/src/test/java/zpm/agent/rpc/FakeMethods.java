package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import zpm.agent.core.Target;
import zpm.agent.local.Agent;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.api.StreamCalls;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the lead's AgentMethods: {@code status} and {@code resize} go to the real agent,
 * {@code agent.info} fails like a bug would, every other catalog method answers {"called": name}
 * and is counted (so a test can prove a refused call did nothing); agent.quit also counts a quit
 * once its answer is written.
 */
final class FakeMethods implements RpcMethods {

    private final Agent agent;
    final AtomicInteger calls = new AtomicInteger();
    /** How many times agent.quit's after-answer action (the agent's quit) ran. */
    final AtomicInteger quits = new AtomicInteger();

    FakeMethods(Agent agent) {
        this.agent = agent;
    }

    /** The connection's own methods as the servers answer them; every other method faked here. */
    @Override
    public List<MethodHandler> handlers(ConnectionMethods connection) {
        return table(connection, this::call, quits::incrementAndGet);
    }

    /**
     * A table as AgentMethods binds it: the connection's methods (and agent.rotateTokens) to
     * {@code connection}, every other method to {@code answer}; agent.quit runs {@code onQuit} once answered.
     */
    static List<MethodHandler> table(ConnectionMethods connection,
                                     java.util.function.BiFunction<String, JsonNode, Future<JsonNode>> answer,
                                     Runnable onQuit) {
        List<MethodHandler> all = new ArrayList<>(List.of(
                MethodHandler.ofConnection(AgentCalls.AUTH, connection::auth),
                MethodHandler.ofConnection(StreamCalls.LOGS, connection::logs),
                MethodHandler.ofConnection(StreamCalls.SUBSCRIBE, connection::subscribe),
                MethodHandler.ofConnection(StreamCalls.UNSUBSCRIBE, connection::unsubscribe)));
        for (Method<?, ?> m : MethodCatalog.all()) {
            if (m == AppCalls.ROTATE_TOKENS) {
                all.add(MethodHandler.of(AppCalls.ROTATE_TOKENS, connection::rotateTokens));
            } else if (m.route() == Method.Route.AGENT) {
                MethodHandler h = MethodHandler.ofJson(m, params -> answer.apply(m.name(), params));
                all.add(m == AppCalls.QUIT ? h.thenAfterAnswer(onQuit) : h);
            }
        }
        return all;
    }

    @Override
    public boolean quitting() {
        return false;
    }

    private Future<JsonNode> call(String method, JsonNode params) {
        calls.incrementAndGet();
        switch (method) {
            case "status":
                Params.of(params, Set.of("target"));
                return agent.status(Target.ALL).map(ws -> {
                    ObjectNode r = RawClient.JSON.createObjectNode();
                    ArrayNode arr = r.putArray("workers");
                    ws.forEach(w -> arr.addObject().put("id", w.id()).put("app", w.app()).put("pid", w.pid())
                            .put("state", w.state().name().toLowerCase()));
                    return r;
                });
            case "resize":
                Params p = Params.of(params, Set.of("app", "size"));
                String app = p.string("app");
                int size = (int) p.integer("size", 0, 1000);
                return agent.resize(app, size).map(info -> RawClient.JSON.createObjectNode()
                        .put("app", info.name()).put("size", info.size()));
            case "agent.info":
                throw new IllegalStateException("a bug in agent.info (test)");
            default:
                return Future.succeededFuture(RawClient.JSON.createObjectNode().put("called", method));
        }
    }
}
