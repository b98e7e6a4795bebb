package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Incoming;
import zpm.protocol.jsonrpc.JsonRpcCodec;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON text in, the text to answer out (or nothing), for every transport. Per request: only
 * {@code auth} before a successful {@code auth}; unknown methods -32601; mutating methods of the
 * catalog -32003 for a read-only token; {@code auth}, {@code events.*} and {@code logs} here,
 * everything else through {@link RpcMethods}. Batch entries are answered entry by entry, in order;
 * notifications get no answer.
 */
public final class RpcDispatcher {

    static final String AUTH = "auth";
    static final String SUBSCRIBE = "events.subscribe";
    static final String UNSUBSCRIBE = "events.unsubscribe";
    static final String LOGS = "logs";
    private static final Set<String> BUILTINS = Set.of(SUBSCRIBE, LOGS);

    private final JsonRpcCodec codec;
    private final RpcMethods methods;
    private final AuthMethod auth;
    private final EventMethods events;
    private final LogsMethod logs;
    private final int maxBatch;

    RpcDispatcher(JsonRpcCodec codec, RpcMethods methods, AuthMethod auth, EventMethods events, LogsMethod logs,
                  RpcLimits limits) {
        this.codec = codec;
        this.methods = methods;
        this.auth = auth;
        this.events = events;
        this.logs = logs;
        this.maxBatch = limits.maxBatch();
    }

    JsonRpcCodec codec() {
        return codec;
    }

    /**
     * What to send back for one text.
     *
     * @param text          the answer, or null to send nothing
     * @param subscriptions subscriptions the text created: they start sending once the answer is written
     */
    record Reply(String text, List<String> subscriptions) {
    }

    /** Answers one text; the future never fails and completes on the session's context. */
    public Future<Reply> handle(Session session, String text) {
        Incoming in = codec.parse(text, maxBatch);
        List<Future<Answer>> answers = new ArrayList<>(in.entries().size());
        for (Incoming.Entry e : in.entries()) {
            answers.add(e.isValid() ? answer(session, e.request())
                    : Future.succeededFuture(new Answer(e.error(), null)));
        }
        return Future.join(answers).transform(done -> {
            List<Response> responses = new ArrayList<>();
            List<String> subscriptions = new ArrayList<>();
            for (Future<Answer> f : answers) {
                Answer a = f.result();
                if (a.response() != null) {
                    responses.add(a.response());
                }
                if (a.subscription() != null) {
                    subscriptions.add(a.subscription());
                }
            }
            return Future.succeededFuture(new Reply(codec.encodeReplies(in.batch(), responses), subscriptions));
        });
    }

    /** The error line a transport sends by itself (limits, timeouts): id null. */
    String errorText(ErrorCode code, String message) {
        return codec.encode(Response.fail(null, RpcError.of(code, message)));
    }

    /** One entry's response (null for a notification) and the subscription its result names, if any. */
    private record Answer(Response response, String subscription) {
    }

    private Future<Answer> answer(Session session, Request r) {
        Future<JsonNode> result;
        try {
            result = route(session, r);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return session.back(result).transform(ar -> {
            if (ar.failed()) {
                RpcError error = RpcErrors.of(ar.cause(), r.method());
                return Future.succeededFuture(new Answer(r.isNotification() ? null : Response.fail(r.id(), error), null));
            }
            JsonNode sub = ar.result() == null ? null : ar.result().get("subscription");
            return Future.succeededFuture(new Answer(r.isNotification() ? null : Response.ok(r.id(), ar.result()),
                    BUILTINS.contains(r.method()) && sub != null && sub.isTextual() ? sub.asText() : null));
        });
    }

    private Future<JsonNode> route(Session session, Request r) {
        String m = r.method();
        if (m.equals(AUTH)) {
            return auth.call(session, r.params());
        }
        if (!session.authenticated()) {
            throw new RpcException(ErrorCode.UNAUTHORIZED, "not authenticated: call auth {\"token\": \"...\"}"
                    + " first (the token is in the agent's token file)");
        }
        Optional<MethodCatalog.Method> known = MethodCatalog.find(m);
        boolean builtin = m.equals(SUBSCRIBE) || m.equals(UNSUBSCRIBE) || m.equals(LOGS);
        if (known.isEmpty() && !builtin && !methods.handles(m)) {
            throw notFound(m);
        }
        // Methods missing from the catalog count as mutating: refuse rather than guess.
        if (session.access() == Access.READ_ONLY && known.map(MethodCatalog.Method::mutating).orElse(true)) {
            throw new RpcException(ErrorCode.FORBIDDEN, "\"" + m + "\" changes the agent and this token is"
                    + " read-only: authenticate with the full token");
        }
        switch (m) {
            case SUBSCRIBE:
                return events.subscribe(session, r.params());
            case UNSUBSCRIBE:
                return Future.succeededFuture(events.unsubscribe(session, r.params()));
            case LOGS:
                return logs.call(session, r.params());
            default:
                if (!methods.handles(m)) {
                    throw notFound(m);
                }
                return methods.call(m, r.params());
        }
    }

    private static RpcException notFound(String m) {
        return new RpcException(ErrorCode.METHOD_NOT_FOUND, "method \"" + m + "\" not found; methods: "
                + String.join(", ", MethodCatalog.names()));
    }
}
