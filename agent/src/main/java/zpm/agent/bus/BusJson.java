package zpm.agent.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import zpm.protocol.jsonrpc.JsonTree;

import java.util.List;
import java.util.Map;

/**
 * Jackson trees to the event bus's {@link JsonObject} and back, value by value. Going through JSON
 * text instead would cost an encode and a parse per event, and Vert.x's text codec builds an
 * {@code ObjectMapper} (some 650 classes) that the agent otherwise never loads.
 */
public final class BusJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BusJson() {
    }

    /** A bus message of an object tree; the tree is not kept. */
    @SuppressWarnings("unchecked")
    public static JsonObject toBus(ObjectNode tree) {
        return new JsonObject((Map<String, Object>) JsonTree.toPlain(tree));
    }

    /** The tree of a bus message. */
    public static ObjectNode toTree(JsonObject json) {
        return (ObjectNode) tree(json);
    }

    private static JsonNode tree(Object v) {
        if (v instanceof JsonObject o) {
            return object(o.getMap());
        }
        if (v instanceof Map<?, ?> m) {
            return object(m);
        }
        if (v instanceof JsonArray a) {
            return array(a.getList());
        }
        if (v instanceof List<?> l) {
            return array(l);
        }
        return JsonTree.of(v); // strings, numbers, booleans, null
    }

    private static ObjectNode object(Map<?, ?> m) {
        ObjectNode o = NODES.objectNode();
        m.forEach((k, v) -> o.set(String.valueOf(k), tree(v)));
        return o;
    }

    private static ArrayNode array(List<?> l) {
        ArrayNode a = NODES.arrayNode();
        l.forEach(v -> a.add(tree(v)));
        return a;
    }
}
