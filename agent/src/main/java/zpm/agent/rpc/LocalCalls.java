package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.protocol.api.AgentCalls.AuthParams;
import zpm.protocol.api.AgentCalls.AuthResult;
import zpm.protocol.api.AgentCalls.None;
import zpm.protocol.api.AppCalls.RotatedResult;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.api.StreamCalls.LogsParams;
import zpm.protocol.api.StreamCalls.LogsResult;
import zpm.protocol.api.StreamCalls.SubscribeParams;
import zpm.protocol.api.StreamCalls.Subscribed;
import zpm.protocol.api.StreamCalls.UnsubscribeParams;
import zpm.protocol.api.StreamCalls.Unsubscribed;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.Map;

/**
 * Runs one method of a method table without a connection, as a caller holding {@code access}
 * would over the wire: the same handlers the servers bind ({@link RpcDispatcher#table}), the same
 * admission (a read-only caller stays read-only; nothing changes once the agent quits). What a
 * connection answers itself (auth, events.*, logs, and agent.rotateTokens, whose tokens the
 * servers hold) has no connection here and is refused. Other nodes' calls reach this agent this way.
 */
public final class LocalCalls {

    private final RpcMethods methods;
    private final Map<String, MethodHandler> handlers;

    public LocalCalls(RpcMethods methods) {
        this.methods = methods;
        this.handlers = RpcDispatcher.table(methods.handlers(new NoConnection()));
    }

    /**
     * The method's result as the wire would carry it. Never throws: every failure is a failed
     * future with an {@link RpcException}, the error a direct caller would have got.
     *
     * @param params the params object, or null for none
     */
    public Future<JsonNode> call(String method, JsonNode params, Access access) {
        Future<JsonNode> result;
        MethodHandler handler = handlers.get(method);
        try {
            result = run(method, handler, params, access);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.recover(e -> Future.failedFuture(new RpcException(RpcErrors.of(e, method))));
    }

    private Future<JsonNode> run(String method, MethodHandler handler, JsonNode params, Access access) {
        if (handler == null) {
            throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "method \"" + method + "\" not found; methods: "
                    + String.join(", ", MethodCatalog.names()));
        }
        if (handler.method().route() == Method.Route.CONNECTION) {
            throw NoConnection.refused(method);
        }
        if (!access.granted()) {
            throw new RpcException(ErrorCode.UNAUTHORIZED, "not authenticated: the caller has no token");
        }
        handler.admit(access, methods.quitting());
        Future<JsonNode> result = handler.call(null, params);
        Runnable after = handler.afterAnswer();
        // agent.quit: its quit starts once the answer is out; here the answer is this future.
        return after == null ? result : result.onSuccess(r -> after.run());
    }

    /** The connection methods of a call that has no connection: each refused, naming why. */
    private static final class NoConnection implements ConnectionMethods {

        static RpcException refused(String method) {
            return new RpcException(ErrorCode.METHOD_NOT_FOUND, "\"" + method + "\" acts on the caller's own"
                    + " connection and is not run for another node: connect to that node's agent for it");
        }

        @Override
        public Future<AuthResult> auth(Session session, AuthParams params) {
            return Future.failedFuture(refused("auth"));
        }

        @Override
        public Future<RotatedResult> rotateTokens(None params) {
            return Future.failedFuture(refused("agent.rotateTokens"));
        }

        @Override
        public Future<Subscribed> subscribe(Session session, SubscribeParams params) {
            return Future.failedFuture(refused("events.subscribe"));
        }

        @Override
        public Future<Unsubscribed> unsubscribe(Session session, UnsubscribeParams params) {
            return Future.failedFuture(refused("events.unsubscribe"));
        }

        @Override
        public Future<LogsResult> logs(Session session, LogsParams params) {
            return Future.failedFuture(refused("logs"));
        }
    }
}
