package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.List;
import java.util.function.Consumer;

/** The fleet of an agent that does not cluster: itself, and no one to call. */
public final class Alone implements Fleet {

    private final NodeView self;

    public Alone(String name, String version, long startedAtMs) {
        this.self = new NodeView(name, null, version, startedAtMs, true);
    }

    @Override
    public String self() {
        return self.name();
    }

    @Override
    public List<NodeView> nodes() {
        return List.of(self);
    }

    @Override
    public Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs) {
        return Future.failedFuture(new RpcException(ErrorCode.NODE_UNKNOWN, "no node named \"" + node
                + "\": this agent is not in a fleet (its node is " + self.name() + ")"));
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        return () -> { };
    }

    @Override
    public Runnable onNodes(Consumer<NodeChange> listener) {
        return () -> { };
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
