package zpm.agent.rpc;

import java.util.List;

/**
 * The agent's method table: every method of the catalog with its handler, in one explicit list.
 * The dispatcher checks auth, read-only tokens and quitting with the descriptors, then calls
 * the handler. The methods the connection answers itself (auth, events.*, logs) are bound in
 * the same list, to the {@link ConnectionMethods} the servers give.
 */
public interface RpcMethods {

    /**
     * Every method with its handler. Handlers never block (they run on an event loop); their
     * futures fail with an {@code RpcException} for every error meant for the caller (bad params,
     * unknown app, timeout, ...); any other failure is an internal error.
     *
     * @param connection the handlers of the methods the connection answers itself
     */
    List<MethodHandler> handlers(ConnectionMethods connection);

    /** True once the agent quits: mutating methods are refused from then on (-32002). */
    boolean quitting();
}
