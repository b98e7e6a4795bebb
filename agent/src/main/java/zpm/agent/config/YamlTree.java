package zpm.agent.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * Builds a tree from YAML where a plain scalar is a number or boolean only when it is written
 * exactly as JSON would write it. YAML 1.1 typing would otherwise turn {@code VERSION: 1.10}
 * into "1.1", {@code MODE: 0755} into "493" and {@code DEBUG: yes} into "true" in an env map;
 * kept as text, such values reach the worker as written, and a numeric field that gets one
 * reports it instead of using a surprising number.
 */
final class YamlTree {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {
    }

    /** @return the tree, or a missing node for an empty document */
    static JsonNode read(JsonFactory yaml, byte[] bytes) throws IOException {
        try (JsonParser p = yaml.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(p, first);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "a second document: a config file holds one YAML document");
            }
            return root;
        }
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    obj.set(key, value(p, p.nextToken()));
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                JsonNode typed = typed(p, token);
                String raw = p.getText();
                return JsonTree.write(typed).equals(raw) ? typed : NODES.textNode(raw);
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    private static JsonNode typed(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            default -> NODES.numberNode(p.getDecimalValue());
        };
    }
}
