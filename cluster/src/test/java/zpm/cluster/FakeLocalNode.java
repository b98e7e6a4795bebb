package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import zpm.agent.fleet.LocalNode;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node's agent side for tests: "echo" answers {node, method, params, access}, "fail" fails with
 * a CONFLICT carrying data, "hang" never answers; onEvent listeners get what {@link #emit} gives.
 */
final class FakeLocalNode implements LocalNode {

    final List<Promise<JsonNode>> hanging = new CopyOnWriteArrayList<>();
    private final String name;
    private final Vertx vertx;
    private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();

    FakeLocalNode(String name, Vertx vertx) {
        this.name = name;
        this.vertx = vertx;
    }

    void emit(LifecycleEvent e) {
        listeners.forEach(l -> l.accept(e));
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
        return "test-1";
    }

    @Override
    public long startedAtMs() {
        return 1_000L;
    }

    @Override
    public Future<JsonNode> call(String method, JsonNode params, Access access) {
        switch (method) {
            case "echo": {
                ObjectNode o = JsonNodeFactory.instance.objectNode().put("node", name).put("method", method)
                        .put("access", access.name());
                o.set("params", params);
                return Future.succeededFuture(o);
            }
            case "fail":
                return Future.failedFuture(new RpcException(RpcError.of(ErrorCode.CONFLICT, "busy on " + name,
                        JsonNodeFactory.instance.objectNode().put("why", "test"))));
            case "hang": {
                Promise<JsonNode> p = Promise.promise();
                hanging.add(p);
                return p.future();
            }
            default:
                return Future.failedFuture(new RpcException(ErrorCode.METHOD_NOT_FOUND, "no " + method));
        }
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
