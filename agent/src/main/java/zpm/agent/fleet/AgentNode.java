package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import zpm.agent.api.SupervisorApi;
import zpm.agent.rpc.Access;
import zpm.agent.rpc.LocalCalls;
import zpm.agent.rpc.RpcMethods;
import zpm.agent.vertx.ContextHop;
import zpm.protocol.ZpmVersion;
import zpm.protocol.event.LifecycleEvent;

import java.util.function.Consumer;

/**
 * This agent as its fleet link sees it. Calls other nodes forward here run through the agent's
 * own method table (the plain one, never the fleet's fan-out: a forwarded call never fans out
 * again), on a context of the agent's own Vert.x, whatever thread asks.
 */
public final class AgentNode implements LocalNode {

    private final String name;
    private final Vertx vertx;
    private final SupervisorApi agent;
    private final LocalCalls calls;
    private final ContextHop hop;

    /**
     * @param vertx   the agent's own Vert.x (not the clustered one)
     * @param methods the agent's local method table (AgentMethods), not a fleet-wrapped one
     */
    public AgentNode(String name, Vertx vertx, SupervisorApi agent, RpcMethods methods) {
        this.name = name;
        this.vertx = vertx;
        this.agent = agent;
        this.calls = new LocalCalls(methods);
        // A context of its own on the agent's event loop: forwarded calls run where a connection's would.
        this.hop = new ContextHop(vertx.getOrCreateContext());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public String version() {
        return ZpmVersion.get();
    }

    @Override
    public long startedAtMs() {
        return agent.startedAtMs();
    }

    @Override
    public Future<JsonNode> call(String method, JsonNode params, Access access) {
        Promise<JsonNode> answer = Promise.promise();
        hop.later(() -> calls.call(method, params, access).onComplete(answer::handle));
        return answer.future();
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        return agent.onEvent(listener);
    }
}
