package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;

import java.util.function.Consumer;

/**
 * What this agent gives its fleet link: its name, its own methods (for calls that other nodes
 * forward here) and its own events (for the other nodes and the cluster-wide addresses).
 */
public interface LocalNode {

    /** This node's name. */
    String name();

    /** The agent's own (not clustered) Vert.x. */
    Vertx vertx();

    /** The zpm version. */
    String version();

    /** When this agent started (epoch ms). */
    long startedAtMs();

    /**
     * Runs one method of this agent's table as a caller with {@code access} would (read-only stays
     * read-only), never a method the connection answers itself (auth, events.*, logs). May be called
     * from any thread; the future completes on the agent's own Vert.x and fails with an
     * {@code RpcException} for every error meant for the caller.
     *
     * @param params the method's params object (may be null: none)
     */
    Future<JsonNode> call(String method, JsonNode params, Access access);

    /** Every event of this agent as it is published (on the supervisor's context); returns the remover. */
    Runnable onEvent(Consumer<LifecycleEvent> listener);
}
