package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import zpm.agent.config.ClusterSettings;
import zpm.agent.fleet.NodeCalls.Outcome;
import zpm.agent.rpc.ConnectionMethods;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.RpcMethods;
import zpm.agent.rpc.Session;
import zpm.agent.rpc.methods.AgentMethods;
import zpm.protocol.api.FleetCalls.NodeFailure;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's method table in a fleet: the agent's own handlers ({@link AgentMethods}), with the
 * methods that name workers or apps sent where their target is. An agent that does not cluster
 * gets its own handlers unchanged. A clustered one answers {@code status}, {@code connections}
 * and {@code apps.list} for every node (in parallel, merged, nodes that did not answer in time
 * named in {@code unreachable}), sends a {@code NODE/...} target to that node only, spreads a
 * change of an unqualified app over the nodes running it ({@link FleetChanges}), lists the
 * nodes, and turns the fleet's node changes and remote events into this node's own stream
 * ({@link NodeEvents}). Forwarded calls run on the other node through its own table, never
 * through this one: a forwarded call never spreads again.
 */
public final class FleetMethods implements RpcMethods {

    private final RpcMethods local;
    private final Fleet fleet;
    /** Null when the agent does not cluster (nothing of the fleet's routing loads then). */
    private final NodeCalls calls;
    /** How long a node may take for its part of a read before it is reported unreachable. */
    private final long callTimeoutMs;
    private final boolean clustered;

    /**
     * @param cluster the agent's cluster settings; null: the agent does not cluster, and its own
     *                handlers answer everything as they always did
     */
    public FleetMethods(AgentMethods local, Fleet fleet, ClusterSettings cluster) {
        this((RpcMethods) local, fleet, cluster);
        if (clustered) {
            NodeEvents.wire(fleet, local.supervisor(), local.vertx());
        }
    }

    /** Over any method table (tests give one of canned answers); node events are not wired here. */
    FleetMethods(RpcMethods local, Fleet fleet, ClusterSettings cluster) {
        this.local = local;
        this.fleet = fleet;
        this.clustered = cluster != null;
        this.calls = clustered ? new NodeCalls(fleet) : null;
        this.callTimeoutMs = cluster == null ? ClusterSettings.DEFAULT_CALL_TIMEOUT_MS : cluster.callTimeoutMs();
    }

    @Override
    public List<MethodHandler> handlers(ConnectionMethods connection) {
        List<MethodHandler> own = local.handlers(connection);
        if (!clustered) {
            return own;
        }
        MethodHandler appsList = own.stream().filter(h -> h.method().name().equals("apps.list")).findFirst()
                .orElseThrow();
        FleetChanges changes = new FleetChanges(calls, callTimeoutMs, appsList);
        List<MethodHandler> out = new ArrayList<>(own.size());
        for (MethodHandler h : own) {
            out.add(wrap(h, changes));
        }
        return out;
    }

    private MethodHandler wrap(MethodHandler h, FleetChanges changes) {
        return switch (h.method().name()) {
            case "status" -> h.withCall((s, p) -> read(h, s, p, NodeTargets.ofTarget(h.method(), p), "workers", false));
            case "connections" -> h.withCall((s, p) -> read(h, s, p, NodeTargets.ofTarget(h.method(), p), "workers",
                    true));
            case "apps.list" -> h.withCall((s, p) -> read(h, s, p, NodeTargets.Plan.spread(null, p), "apps", false));
            case "nodes" -> h.withCall((s, p) -> nodes(h, s));
            case "restart", "shutdown", "terminate", "signal", "send" ->
                    h.withCall((s, p) -> changes.run(h, s, p, NodeTargets.ofTarget(h.method(), p)));
            case "resize", "add", "sub", "apps.stop", "apps.delete" ->
                    h.withCall((s, p) -> changes.run(h, s, p, NodeTargets.ofApp(h.method(), p)));
            case "apps.start" -> h.withCall((s, p) -> changes.run(h, s, p, NodeTargets.ofNodeParam(h.method(), p)));
            default -> h;
        };
    }

    @Override
    public boolean quitting() {
        return local.quitting();
    }

    /** A read: one node's answer as it is, or several merged by node then id. */
    private Future<JsonNode> read(MethodHandler h, Session s, JsonNode params, NodeTargets.Plan plan, String key,
                                  boolean total) {
        if (plan.local()) {
            return h.call(s, params);
        }
        Map<String, JsonNode> targets = targets(plan);
        if (!plan.spread() && targets.size() == 1) {
            String node = targets.keySet().iterator().next();
            return calls.onNamed(node, s, h, targets.get(node), callTimeoutMs, key);
        }
        boolean byApp = plan.app() != null;
        return calls.each(targets, s, h, callTimeoutMs, key).map(outcomes -> merged(outcomes, key, total, byApp));
    }

    private Map<String, JsonNode> targets(NodeTargets.Plan plan) {
        if (!plan.spread()) {
            return calls.named(plan.nodes());
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        calls.names().forEach(n -> out.put(n, plan.params()));
        return out;
    }

    private static JsonNode merged(List<Outcome> outcomes, String key, boolean total, boolean byApp) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        List<NodeFailure> unreachable = new ArrayList<>();
        RpcException unknownApp = null;
        for (Outcome o : outcomes) {
            if (o.ok()) {
                answers.put(o.node(), o.result());
            } else if (o.unreachable(true)) {
                unreachable.add(new NodeFailure(o.node(), o.failure().getMessage()));
            } else if (byApp && o.failedWith(ErrorCode.UNKNOWN_APP)) {
                unknownApp = (RpcException) o.failure(); // a node without the app: no rows from it
            } else {
                throw o.failure() instanceof RpcException r ? r : new RpcException(o.error());
            }
        }
        if (answers.isEmpty() && unreachable.isEmpty() && unknownApp != null) {
            throw unknownApp;
        }
        return Merge.rows(key, answers, total, unreachable);
    }

    /** {@code nodes}: the fleet's verified nodes, each asked for its counts in parallel. */
    private Future<JsonNode> nodes(MethodHandler h, Session s) {
        List<NodeView> views = fleet.nodes();
        Map<String, JsonNode> each = new LinkedHashMap<>();
        views.forEach(v -> each.put(v.name(), null));
        return calls.each(each, s, h, callTimeoutMs).map(outcomes -> {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            ArrayNode rows = out.putArray("nodes");
            long now = System.currentTimeMillis();
            for (int i = 0; i < views.size(); i++) {
                rows.add(nodeRow(views.get(i), outcomes.get(i), now));
            }
            return out;
        });
    }

    private static ObjectNode nodeRow(NodeView v, Outcome o, long now) {
        JsonNode counts = o.ok() ? o.result().path("nodes").path(0) : null;
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("name", v.name());
        r.put("address", v.address());
        r.put("version", v.version());
        r.put("uptimeMs", Math.max(0, now - v.startedAtMs()));
        r.set("apps", counts == null ? JsonNodeFactory.instance.nullNode() : counts.path("apps"));
        r.set("workers", counts == null ? JsonNodeFactory.instance.nullNode() : counts.path("workers"));
        r.put("state", counts == null ? "unreachable" : "up");
        r.put("self", v.self());
        return r;
    }
}
