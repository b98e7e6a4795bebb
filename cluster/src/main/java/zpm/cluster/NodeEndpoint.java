package zpm.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import zpm.agent.fleet.LocalNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

/**
 * This node's own address on the fleet's bus, {@code zpm.node.<name>}: answers {@code hello}
 * (who it is, which proves it holds the fleet's certificate) and runs calls other nodes forward
 * through the agent's local method table, with the caller's access. Methods that need the
 * caller's connection (auth, subscriptions, logs) are never answered here.
 */
final class NodeEndpoint {

    private final LocalNode local;
    private final NodeWire.Hello hello;
    private final Context context;
    private MessageConsumer<Object> consumer;

    /** @param context the fleet's context: replies leave from there */
    NodeEndpoint(LocalNode local, NodeWire.Hello hello, Context context) {
        this.local = local;
        this.hello = hello;
        this.context = context;
    }

    /** Registers the consumer; completes once the cluster knows of it. */
    Future<Void> register(EventBus bus) {
        consumer = bus.consumer(NodeWire.address(local.name()), this::handle);
        return consumer.completion();
    }

    Future<Void> unregister() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void handle(Message<Object> msg) {
        NodeWire.Request req;
        try {
            req = NodeWire.request(msg.body());
        } catch (RpcException e) {
            msg.reply(NodeWire.errorReply(e.error()));
            return;
        }
        if (req.op().equals("hello")) {
            msg.reply(NodeWire.helloReply(hello));
            return;
        }
        if (answeredByConnection(req.method())) {
            msg.reply(NodeWire.errorReply(RpcError.of(ErrorCode.INVALID_REQUEST, "\"" + req.method()
                    + "\" is answered by the connection it is sent on; it is not forwarded to other nodes")));
            return;
        }
        local.call(req.method(), req.params(), req.access()).onComplete(ar -> {
            String reply;
            if (ar.failed()) {
                reply = NodeWire.errorReply(error(ar.cause()));
            } else if (req.rows() == null) {
                reply = NodeWire.resultReply(ar.result());
            } else {
                reply = NodeWire.rowsReply(ar.result(), req.rows());
            }
            context.runOnContext(v -> msg.reply(reply));
        });
    }

    static boolean answeredByConnection(String method) {
        return method.equals("auth") || MethodCatalog.find(method)
                .map(m -> m.route() == Method.Route.CONNECTION).orElse(false);
    }

    private RpcError error(Throwable cause) {
        if (cause instanceof RpcException e) {
            return e.error();
        }
        return RpcError.of(ErrorCode.INTERNAL_ERROR, "node " + local.name() + " failed the call: " + cause);
    }
}
