package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/**
 * The request/response methods of the agent (status, restart, resize, apps.*, ...), apart from
 * the transports. The servers handle {@code auth}, {@code events.subscribe},
 * {@code events.unsubscribe} and {@code logs} (which may stream) themselves, check auth and
 * read-only tokens with the catalog, and hand every other method here.
 */
public interface RpcMethods {

    /** True when {@link #call} answers this method. */
    boolean handles(String method);

    /**
     * Runs a method. The future fails with an {@code RpcException} for every error meant for
     * the caller (bad params, unknown app, timeout, ...); any other failure is an internal error.
     * It never blocks: safe to call on an event loop.
     */
    Future<JsonNode> call(String method, JsonNode params);
}
