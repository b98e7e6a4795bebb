package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;

import java.util.List;
import java.util.function.Consumer;

/**
 * The other agents this one can reach. {@link Alone} is the fleet of an agent that does not
 * cluster: itself only. The clustered one lives in the zpm-agent-cluster jar, loaded only when
 * clustering is asked for ({@link FleetStarter}).
 *
 * <p>Futures and listener calls complete on a thread of the fleet's choosing (for the clustered
 * fleet, its own Vert.x): callers hop back to their context (ContextHop, Session.back).
 * Every method may be called from any thread.
 */
public interface Fleet {

    /** This node's name. */
    String self();

    /** Every verified node, this one included, sorted by name. */
    List<NodeView> nodes();

    /**
     * Calls {@code method} on another verified node, with the caller's {@code access}. Fails with
     * an {@code RpcException}: {@code NODE_UNKNOWN} when {@code node} is not a verified node (the
     * message lists them), {@code NODE_LEFT} at once when it leaves while the call is pending,
     * {@code TIMEOUT} ("node b did not answer within 3000 ms") after {@code timeoutMs}, else the
     * error that node answered, as it answered it.
     */
    Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs);

    /**
     * {@link #call} of a read whose rows this node passes on without reading them (a fleet-wide
     * {@code status}, {@code connections} or {@code apps.list}): the answer's {@code key} array
     * may come back as the other node's own JSON text, sorted by id, in a {@code JsonTree.raw}
     * node, the rest of the answer as a tree. Reading and writing again each node's rows was most
     * of a fleet-wide {@code status}'s time. This default answers with a tree.
     */
    default Future<JsonNode> callRows(String node, String method, JsonNode params, Access access, long timeoutMs,
                                      String key) {
        return call(node, method, params, access, timeoutMs);
    }

    /** The events of the other nodes (each carries its node); returns the remover. */
    Runnable onEvent(Consumer<LifecycleEvent> listener);

    /** Nodes joining (once verified) and leaving; returns the remover. */
    Runnable onNodes(Consumer<NodeChange> listener);

    /** Leaves the fleet; the agent itself goes on. */
    Future<Void> close();
}
