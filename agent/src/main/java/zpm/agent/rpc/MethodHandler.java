package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.protocol.api.Method;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One method of the catalog bound to what answers it: the params are decoded with the method's
 * descriptor (unknown keys refused, -32602), the handler gets the typed record, and its typed
 * result is encoded by the descriptor. Every binding is made in the one list of
 * {@link RpcMethods#handlers}.
 */
public final class MethodHandler {

    private final Method<?, ?> method;
    private final BiFunction<Session, JsonNode, Future<JsonNode>> call;
    private final Runnable afterAnswer;

    private MethodHandler(Method<?, ?> method, BiFunction<Session, JsonNode, Future<JsonNode>> call,
                          Runnable afterAnswer) {
        this.method = method;
        this.call = call;
        this.afterAnswer = afterAnswer;
    }

    /** A method the agent answers: typed params in, a future typed result out. */
    public static <P, R> MethodHandler of(Method<P, R> method, Function<P, Future<R>> handler) {
        require(method, Method.Route.AGENT);
        return new MethodHandler(method, (session, json) -> handler.apply(method.decode(json)).map(method::encode),
                null);
    }

    /** A method the connection answers itself: the handler also gets the caller's session. */
    public static <P, R> MethodHandler ofConnection(Method<P, R> method, BiFunction<Session, P, Future<R>> handler) {
        require(method, Method.Route.CONNECTION);
        return new MethodHandler(method,
                (session, json) -> handler.apply(session, method.decode(json)).map(method::encode), null);
    }

    /** A handler of the wire's JSON as it is, for test doubles that answer shapes of their own. */
    public static MethodHandler ofJson(Method<?, ?> method, Function<JsonNode, Future<JsonNode>> handler) {
        return new MethodHandler(method, (session, json) -> handler.apply(json), null);
    }

    /**
     * The same method answered by {@code call} instead (the caller's session and the params as
     * the wire has them), keeping what runs after the answer: how the fleet's methods wrap the
     * agent's own handlers.
     */
    public MethodHandler withCall(BiFunction<Session, JsonNode, Future<JsonNode>> call) {
        return new MethodHandler(method, call, afterAnswer);
    }

    /**
     * The same handler, with an action run once its answer has been written to the caller
     * (agent.quit: the reply must leave before the transports close).
     */
    public MethodHandler thenAfterAnswer(Runnable action) {
        return new MethodHandler(method, call, action);
    }

    private static void require(Method<?, ?> method, Method.Route route) {
        if (method.route() != route) {
            throw new IllegalArgumentException(method.name() + " is answered by " + method.route() + ", not " + route);
        }
    }

    /**
     * Refuses a mutating method to a read-only token (-32003) and once the agent quits (-32002):
     * the descriptor says which methods change the agent.
     */
    public void admit(Access access, boolean quitting) {
        if (!method.mutating()) {
            return;
        }
        if (access == Access.READ_ONLY) {
            throw new RpcException(ErrorCode.FORBIDDEN, "\"" + method.name() + "\" changes the agent and this token"
                    + " is read-only: authenticate with the full token");
        }
        if (quitting) {
            throw new RpcException(ErrorCode.SHUTTING_DOWN, "the agent is shutting down; \"" + method.name()
                    + "\" was not run");
        }
    }

    public Method<?, ?> method() {
        return method;
    }

    /**
     * Runs the method. Bad params throw an {@code RpcException} here; failures meant for the
     * caller fail the future with one.
     *
     * @param session the caller (null where the method does not need it: route AGENT)
     */
    public Future<JsonNode> call(Session session, JsonNode params) {
        return call.apply(session, params);
    }

    /** What to do once the answer is written, or null. */
    public Runnable afterAnswer() {
        return afterAnswer;
    }
}
