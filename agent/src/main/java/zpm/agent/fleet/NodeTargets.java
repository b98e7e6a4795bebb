package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.api.Method;
import zpm.protocol.api.TargetParam;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a call goes, read from its params: the connected node as it is ({@link Plan#local}),
 * named nodes each with its own params ({@link Plan#nodes}, the node qualifier taken off: the
 * node gets {@code web} or {@code 3}, never {@code b/3}, since a forwarded call runs through that
 * node's own method table), or every node that runs an app / every node ({@link Plan#spread}).
 */
final class NodeTargets {

    private NodeTargets() {
    }

    /**
     * @param local  the call runs on the connected node with its params unchanged
     * @param nodes  node → its params, for targets that name nodes (in the order given)
     * @param spread the call goes to every node with {@code params} unchanged: {@code app} set
     *               for the nodes running that app, null for every node
     * @param app    see {@code spread}
     * @param params the params, for {@code spread}
     */
    record Plan(boolean local, Map<String, JsonNode> nodes, boolean spread, String app, JsonNode params) {
        static final Plan LOCAL = new Plan(true, Map.of(), false, null, null);

        static Plan one(String node, JsonNode params) {
            return new Plan(false, Map.of(node, params), false, null, null);
        }

        static Plan spread(String app, JsonNode params) {
            return new Plan(false, Map.of(), true, app, params);
        }
    }

    /** The plan of a method with a {@code target} param. */
    static Plan ofTarget(Method<?, ?> method, JsonNode params) {
        TargetParam t = TargetParam.read(Params.of(params, method.paramNames()));
        if (t instanceof TargetParam.OnNode on) {
            return Plan.one(on.node(), with(params, "target", on.target().toJson()));
        }
        if (t instanceof TargetParam.NodeIds ids) {
            return byNode(ids, params);
        }
        if (t instanceof TargetParam.App app) {
            return Plan.spread(app.name(), params);
        }
        return t instanceof TargetParam.All ? Plan.spread(null, params) : Plan.LOCAL;
    }

    /** The plan of a method with an {@code app} param: "b/web" is web on b, "web" on every node running it. */
    static Plan ofApp(Method<?, ?> method, JsonNode params) {
        String app = Params.of(params, method.paramNames()).string("app");
        int slash = app.indexOf('/');
        if (slash < 0) {
            return Plan.spread(app, params);
        }
        String node = app.substring(0, slash);
        if (!TargetParam.NODE_NAME.matcher(node).matches()) {
            throw Params.invalid("app", "an app name, or \"NODE/APP\"", params.get("app"));
        }
        return Plan.one(node, with(params, "app", JsonNodeFactory.instance.textNode(app.substring(slash + 1))));
    }

    /** apps.start: its {@code node} param, taken off for that node. */
    static Plan ofNodeParam(Method<?, ?> method, JsonNode params) {
        Params.of(params, method.paramNames());
        JsonNode node = params == null ? null : params.get("node");
        if (node == null || node.isNull()) {
            return Plan.LOCAL;
        }
        ObjectNode rest = params.deepCopy();
        rest.remove("node");
        return Plan.one(node.asText(), rest);
    }

    private static Plan byNode(TargetParam.NodeIds ids, JsonNode params) {
        Map<String, List<Long>> byNode = new LinkedHashMap<>();
        for (TargetParam.NodeId id : ids.ids()) {
            byNode.computeIfAbsent(id.node(), k -> new ArrayList<>()).add(id.id());
        }
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        byNode.forEach((node, list) -> nodes.put(node, with(params, "target", new TargetParam.Ids(list).toJson())));
        return new Plan(false, nodes, false, null, null);
    }

    /** A copy of {@code params} with {@code key} set to {@code value}. */
    static ObjectNode with(JsonNode params, String key, JsonNode value) {
        ObjectNode copy = params == null || !params.isObject() ? JsonNodeFactory.instance.objectNode()
                : params.deepCopy();
        copy.set(key, value);
        return copy;
    }
}
