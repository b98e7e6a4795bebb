package zpm.protocol.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed reads of a request's params object. Every failure is an {@link ErrorCode#INVALID_PARAMS}
 * error that names the param and the type expected, with {"param", "expected"} as data.
 */
public final class Params {

    private final JsonNode node;

    private Params(JsonNode node) {
        this.node = node;
    }

    /** Params must be an object or absent; unknown names are refused, naming the known ones. */
    public static Params of(JsonNode params, Set<String> known) {
        if (params == null || params.isNull()) {
            return new Params(JsonNodeFactory.instance.objectNode());
        }
        if (!params.isObject()) {
            throw invalid("params", "an object with named params", params);
        }
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS, "unknown param \"" + name + "\""
                        + (known.isEmpty() ? "; this method takes none" : "; known params: " + String.join(", ", known)),
                        data(name, "one of " + known)));
            }
        }
        return new Params(params);
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    public JsonNode raw(String name) {
        return node.get(name);
    }

    public String string(String name) {
        JsonNode v = required(name, "a string");
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw invalid(name, "a non-empty string", v);
        }
        return v.asText();
    }

    public String string(String name, String dflt) {
        return has(name) ? string(name) : dflt;
    }

    public long integer(String name, long min, long max) {
        JsonNode v = required(name, "an integer");
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw invalid(name, "an integer from " + min + " to " + max, v);
        }
        return v.asLong();
    }

    public long integer(String name, long min, long max, long dflt) {
        return has(name) ? integer(name, min, max) : dflt;
    }

    public boolean bool(String name, boolean dflt) {
        if (!has(name)) {
            return dflt;
        }
        JsonNode v = node.get(name);
        if (!v.isBoolean()) {
            throw invalid(name, "true or false", v);
        }
        return v.asBoolean();
    }

    public List<String> strings(String name) {
        if (!has(name)) {
            return List.of();
        }
        JsonNode v = node.get(name);
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.asText());
            return out;
        }
        if (!v.isArray()) {
            throw invalid(name, "a list of strings", v);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw invalid(name, "a list of strings", v);
            }
            out.add(e.asText());
        }
        return out;
    }

    public JsonNode object(String name) {
        JsonNode v = required(name, "an object");
        if (!v.isObject()) {
            throw invalid(name, "an object", v);
        }
        return v;
    }

    private JsonNode required(String name, String expected) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS,
                    "missing param \"" + name + "\": expected " + expected, data(name, expected)));
        }
        return v;
    }

    /** An invalid-params error for a value of the wrong type or range. */
    public static RpcException invalid(String name, String expected, JsonNode got) {
        String shown = got == null ? "nothing" : JsonTree.write(got);
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return new RpcException(RpcError.of(ErrorCode.INVALID_PARAMS,
                "param \"" + name + "\" must be " + expected + " (got " + shown + ")", data(name, expected)));
    }

    private static ObjectNode data(String name, String expected) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("param", name);
        d.put("expected", expected);
        return d;
    }
}
