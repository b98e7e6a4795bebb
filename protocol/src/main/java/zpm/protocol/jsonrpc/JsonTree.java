package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to Jackson trees and back with the streaming parser and generator only. An
 * {@code ObjectMapper} costs a short-lived JVM (zpm-repl -c) 45-80 ms of set-up it never needs
 * here (date formats, locale data), and a long-lived agent about 650 more classes (some 6 MB of
 * memory); this reads and writes the same trees without one. Never print a tree with
 * {@code toString()}: Jackson builds an {@code ObjectMapper} for it. Use {@link #write}.
 */
public final class JsonTree {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Two "id"s make an answer ambiguous: refuse duplicate keys.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The tree of one JSON text; null for empty text. Text after the value is an error. */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return readOne(p);
        }
    }

    /** {@link #read(String)} of bytes in UTF-8 (or UTF-16/32, which the parser detects). */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            return readOne(p);
        }
    }

    private static JsonNode readOne(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return null;
        }
        JsonNode root = value(p, first);
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new JsonParseException(p, "unexpected " + extra.asString() + " after the JSON value");
        }
        return root;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return floatNode(p);
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "unexpected " + t);
        }
    }

    /**
     * A double when it holds the number as written (0.5, 2.75), else the exact decimal: a double
     * would turn 1e400 into Infinity (written back as the string "Infinity") and 1e-400 into 0,
     * so an id like that came back as another value.
     */
    private static JsonNode floatNode(JsonParser p) throws IOException {
        double d = p.getDoubleValue();
        BigDecimal exact = p.getDecimalValue();
        if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
            return NODES.numberNode(d);
        }
        return NODES.numberNode(exact);
    }

    /**
     * A node that {@link #write} writes as the given JSON text, unchanged: for text that is passed
     * on without being read (a fleet node's rows, written by that node). The text must be one
     * compact JSON value; nothing here checks it.
     */
    public static JsonNode raw(String json) {
        return NODES.rawValueNode(new RawValue(json));
    }

    /** The text of a {@link #raw} node; null for any other node. */
    public static String rawText(JsonNode n) {
        return n instanceof POJONode p && p.getPojo() instanceof RawValue r && r.rawValue() instanceof String s ? s : null;
    }

    /** Compact one-line JSON of a tree. */
    public static String write(JsonNode node) {
        return write(node, false);
    }

    /** JSON of a tree on several indented lines, for files people read. */
    public static String writePretty(JsonNode node) {
        return write(node, true);
    }

    private static String write(JsonNode node, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            g.writeNull();
        } else if (n.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                g.writeFieldName(f.getKey());
                write(g, f.getValue());
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (rawText(n) != null) {
            g.writeRawValue(rawText(n));
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.booleanValue());
        } else if (n.isNumber()) {
            writeNumber(g, n);
        } else {
            g.writeString(n.asText()); // binary and other POJO nodes: never built by zpm
        }
    }

    private static void writeNumber(JsonGenerator g, JsonNode n) throws IOException {
        if (n.isInt()) {
            g.writeNumber(n.intValue());
        } else if (n.isLong()) {
            g.writeNumber(n.longValue());
        } else if (n.isBigInteger()) {
            g.writeNumber(n.bigIntegerValue());
        } else if (n.isBigDecimal()) {
            g.writeNumber(n.decimalValue());
        } else if (n.isFloat()) {
            g.writeNumber(n.floatValue());
        } else {
            g.writeNumber(n.doubleValue());
        }
    }

    /**
     * The plain Java value of a tree: objects become insertion-ordered maps, arrays lists, and
     * numbers Integer, Long, BigInteger, Double or BigDecimal as they were read.
     */
    public static Object toPlain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.properties().forEach(f -> m.put(f.getKey(), toPlain(f.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(e -> l.add(toPlain(e)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        return n.asText(); // binary and POJO nodes: never built by zpm
    }

    /** A tree of plain values: maps, lists, strings, numbers, booleans, null, or trees. */
    public static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, v) -> o.set(String.valueOf(k), of(v)));
            return o;
        }
        if (value instanceof List<?> l) {
            ArrayNode a = NODES.arrayNode();
            l.forEach(v -> a.add(of(v)));
            return a;
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Number num) {
            return NODES.numberNode(num.doubleValue());
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
}
