package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The fleet the agent's methods use: {@link Alone} until the clustered fleet has joined (which
 * happens in the background, after the agent serves), that one afterwards, and {@link Alone}
 * again if it fails or is closed. Listeners registered here stay registered across the switches.
 */
public final class FleetLink implements Fleet {

    private final Alone alone;
    private final List<Consumer<LifecycleEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<NodeChange>> nodeListeners = new CopyOnWriteArrayList<>();
    private volatile Fleet current;
    private volatile Runnable detach = () -> { };

    public FleetLink(Alone alone) {
        this.alone = alone;
        this.current = alone;
    }

    /** Whether a clustered fleet is in use (false while joining, after a failure, and alone). */
    public boolean clustered() {
        return current != alone;
    }

    /**
     * Uses {@code fleet} from now on (null: alone again). The nodes of the previous fleet other
     * than this one are reported as left, those the new one already knows as joined.
     */
    public synchronized void use(Fleet fleet) {
        Fleet previous = current;
        detach.run();
        Fleet next = fleet == null ? alone : fleet;
        current = next;
        Runnable offEvents = next.onEvent(e -> eventListeners.forEach(l -> l.accept(e)));
        Runnable offNodes = next.onNodes(c -> nodeListeners.forEach(l -> l.accept(c)));
        detach = () -> {
            offEvents.run();
            offNodes.run();
        };
        if (previous != next) {
            announce(previous, new NodeChange(false, null, "this node left the fleet"));
            announce(next, new NodeChange(true, null, null));
        }
    }

    private void announce(Fleet fleet, NodeChange template) {
        for (NodeView n : fleet.nodes()) {
            if (!n.self()) {
                NodeChange change = new NodeChange(template.joined(), n, template.reason());
                nodeListeners.forEach(l -> l.accept(change));
            }
        }
    }

    @Override
    public String self() {
        return current.self();
    }

    @Override
    public List<NodeView> nodes() {
        return current.nodes();
    }

    @Override
    public Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs) {
        return current.call(node, method, params, access, timeoutMs);
    }

    @Override
    public Future<JsonNode> callRows(String node, String method, JsonNode params, Access access, long timeoutMs,
                                     String key) {
        return current.callRows(node, method, params, access, timeoutMs, key);
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        eventListeners.add(listener);
        return () -> eventListeners.remove(listener);
    }

    @Override
    public Runnable onNodes(Consumer<NodeChange> listener) {
        nodeListeners.add(listener);
        return () -> nodeListeners.remove(listener);
    }

    /** Closes the clustered fleet, if any, and goes back to alone. */
    @Override
    public Future<Void> close() {
        Fleet previous = current;
        use(null);
        return previous == alone ? Future.succeededFuture() : previous.close();
    }
}
