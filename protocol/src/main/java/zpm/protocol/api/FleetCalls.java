package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.RpcError;

import java.util.List;

/**
 * The fleet: {@code nodes}, and the parts of answers that several nodes gave. A lone agent
 * answers {@code nodes} with itself and never adds {@code unreachable}.
 */
public final class FleetCalls {

    private FleetCalls() {
    }

    /**
     * A node that did not answer its part of a call spread over the fleet (it did not answer in
     * time, it left, or its link failed): {"node": "c", "error": "did not answer within 3000 ms"}.
     */
    public record NodeFailure(String node, String error) {
        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("node", node);
            n.put("error", error);
            return n;
        }

        /** {@code [{"node", "error"}, ...]} into {@code out} as {@code unreachable}, unless null. */
        public static void write(ObjectNode out, List<NodeFailure> unreachable) {
            if (unreachable != null) {
                ArrayNode list = out.putArray("unreachable");
                unreachable.forEach(f -> list.add(f.toJson()));
            }
        }
    }

    /**
     * One row of {@code nodes}. {@code apps} and {@code workers} are null when the node did not
     * answer the count in time ({@code state} "unreachable"; else "up").
     */
    public record NodeRow(String name, String address, String version, long uptimeMs, Integer apps, Integer workers,
                          String state, boolean self) {
        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("name", name);
            n.put("address", address);
            n.put("version", version);
            n.put("uptimeMs", uptimeMs);
            n.put("apps", apps);
            n.put("workers", workers);
            n.put("state", state);
            n.put("self", self);
            return n;
        }
    }

    /** {@code nodes} result: {"nodes": [...]}, sorted by name. */
    public record NodesResult(List<NodeRow> nodes) {
        public NodesResult {
            nodes = List.copyOf(nodes);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("nodes");
            nodes.forEach(r -> list.add(r.toJson()));
            return n;
        }
    }

    /**
     * One node's answer to its part of a change spread over several nodes: its result, or the
     * error it answered (then {@code result} is null).
     */
    public record NodeAnswer(String node, JsonNode result, RpcError error) {
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("node", node);
            if (error != null) {
                n.set("error", error.toJson());
            } else {
                n.set("result", result);
            }
            return n;
        }
    }

    /**
     * The answer to a change of an unqualified app on a clustered agent ({@code restart web},
     * {@code shutdown web}, {@code resize}, ...): each node's own answer, by node name, and the
     * nodes that did not answer: {"nodes": [{"node": "a", "result": {...}}, ...], "unreachable": [...]}.
     */
    public record SpreadResult(List<NodeAnswer> nodes, List<NodeFailure> unreachable) {
        public SpreadResult {
            nodes = List.copyOf(nodes);
            unreachable = unreachable == null ? null : List.copyOf(unreachable);
        }

        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("nodes");
            nodes.forEach(a -> list.add(a.toJson()));
            NodeFailure.write(n, unreachable);
            return n;
        }
    }

    public static final Method<AgentCalls.None, NodesResult> NODES = Method.of("nodes", false,
            "every node of the fleet (this agent alone: itself) with its address, version, apps and workers",
            List.of(), AgentCalls.None::read, NodesResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(NODES);
}
