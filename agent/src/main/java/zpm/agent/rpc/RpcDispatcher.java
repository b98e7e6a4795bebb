package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.protocol.api.AgentCalls;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Incoming;
import zpm.protocol.jsonrpc.JsonRpcCodec;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON text in, the text to answer out (or nothing), for every transport. Per request, read
 * from the method's descriptor: only {@code auth} before a successful {@code auth}; unknown
 * methods -32601; mutating methods -32003 for a read-only token and -32002 once the agent quits;
 * then the handler the method table binds to it. Batch entries are answered entry by entry, in
 * order; notifications get no answer.
 */
public final class RpcDispatcher {

    private final JsonRpcCodec codec;
    private final RpcMethods methods;
    private final Map<String, MethodHandler> handlers;
    private final int maxBatch;
    private final RpcCounts counts = new RpcCounts();

    RpcDispatcher(JsonRpcCodec codec, RpcMethods methods, ConnectionMethods connection, RpcLimits limits) {
        this.codec = codec;
        this.methods = methods;
        this.handlers = table(methods.handlers(connection));
        this.maxBatch = limits.maxBatch();
    }

    /** The handlers by name; a handler of a method missing from the catalog is a bug, refused at start. */
    static Map<String, MethodHandler> table(List<MethodHandler> list) {
        Map<String, MethodHandler> byName = new HashMap<>();
        for (MethodHandler h : list) {
            Method<?, ?> m = h.method();
            if (MethodCatalog.find(m.name()).orElse(null) != m) {
                throw new IllegalArgumentException("a handler of " + m.name() + ", which is not in the catalog");
            }
            if (byName.put(m.name(), h) != null) {
                throw new IllegalArgumentException("two handlers of " + m.name());
            }
        }
        return Map.copyOf(byName);
    }

    JsonRpcCodec codec() {
        return codec;
    }

    /** Requests answered so far, by method and outcome. */
    RpcCounts counts() {
        return counts;
    }

    /**
     * What to send back for one text.
     *
     * @param text          the answer, or null to send nothing
     * @param subscriptions subscriptions the text created: they start sending once the answer is written
     * @param afterward     what to do once the answer is written (even when the caller has gone)
     */
    record Reply(String text, List<String> subscriptions, List<Runnable> afterward) {

        /** Runs the actions that wait for the answer to be written. */
        void answered() {
            afterward.forEach(Runnable::run);
        }
    }

    /** Answers one text; the future never fails and completes on the session's context. */
    public Future<Reply> handle(Session session, String text) {
        Incoming in = codec.parse(text, maxBatch);
        List<Future<Answer>> answers = new ArrayList<>(in.entries().size());
        for (Incoming.Entry e : in.entries()) {
            answers.add(e.isValid() ? answer(session, e.request())
                    : Future.succeededFuture(new Answer(e.error(), null, null)));
        }
        return Future.join(answers).transform(done -> {
            List<Response> responses = new ArrayList<>();
            List<String> subscriptions = new ArrayList<>();
            List<Runnable> afterward = new ArrayList<>();
            for (Future<Answer> f : answers) {
                Answer a = f.result();
                if (a.response() != null) {
                    responses.add(a.response());
                }
                if (a.subscription() != null) {
                    subscriptions.add(a.subscription());
                }
                if (a.afterward() != null) {
                    afterward.add(a.afterward());
                }
            }
            return Future.succeededFuture(new Reply(codec.encodeReplies(in.batch(), responses), subscriptions,
                    afterward));
        });
    }

    /** The error line a transport sends by itself (limits, timeouts): id null. */
    String errorText(ErrorCode code, String message) {
        return codec.encode(Response.fail(null, RpcError.of(code, message)));
    }

    /**
     * One entry's response (null for a notification), the subscription its result names (if the
     * connection answered it), and what to do once it is written (or null).
     */
    private record Answer(Response response, String subscription, Runnable afterward) {
    }

    private Future<Answer> answer(Session session, Request r) {
        MethodHandler handler = handlers.get(r.method());
        Future<JsonNode> result;
        try {
            result = route(session, r, handler);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return session.back(result).transform(ar -> {
            String counted = handler == null ? RpcCounts.UNKNOWN : r.method();
            if (ar.failed()) {
                RpcError error = RpcErrors.of(ar.cause(), r.method());
                counts.count(counted, error);
                return Future.succeededFuture(new Answer(r.isNotification() ? null : Response.fail(r.id(), error),
                        null, null));
            }
            counts.count(counted, null);
            JsonNode sub = ar.result() == null ? null : ar.result().get("subscription");
            boolean pushes = handler.method().route() == Method.Route.CONNECTION && sub != null && sub.isTextual();
            return Future.succeededFuture(new Answer(r.isNotification() ? null : Response.ok(r.id(), ar.result()),
                    pushes ? sub.asText() : null, handler.afterAnswer()));
        });
    }

    private Future<JsonNode> route(Session session, Request r, MethodHandler handler) {
        String m = r.method();
        if (m.equals(AgentCalls.AUTH.name()) && handler != null) {
            return handler.call(session, r.params());
        }
        if (!session.authenticated()) {
            throw new RpcException(ErrorCode.UNAUTHORIZED, "not authenticated: call auth {\"token\": \"...\"}"
                    + " first (the token is in the agent's token file)");
        }
        if (handler == null) {
            throw notFound(m);
        }
        handler.admit(session.access(), methods.quitting());
        return handler.call(session, r.params());
    }

    private static RpcException notFound(String m) {
        return new RpcException(ErrorCode.METHOD_NOT_FOUND, "method \"" + m + "\" not found; methods: "
                + String.join(", ", MethodCatalog.names()));
    }
}
