package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import zpm.protocol.jsonrpc.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code target} param: every worker, an app's workers, or workers by id; in a fleet each of
 * those on one named node ({@code "NODE/all"}, {@code "NODE/APP"}, {@code "NODE/ID"}), or a list
 * mixing the connected node's ids and {@code "NODE/ID"} strings.
 */
public sealed interface TargetParam {

    /** What the error of a bad target says was expected. */
    String EXPECTED = "\"all\", an app name, a worker id or a list of worker ids";
    /** What the error of a bad node-qualified target says was expected. */
    String EXPECTED_QUALIFIED = "\"NODE/all\", \"NODE/APP\" or \"NODE/ID\" with a node name of letters, digits,"
            + " '.', '_' or '-' (at most 63)";
    /** What a node name is made of: no '/', so {@code NODE/...} splits at its first '/'. */
    Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    /** Every worker of every app ({@code "all"}, or the param left out). */
    record All() implements TargetParam {
        public JsonNode toJson() {
            return TextNode.valueOf("all");
        }
    }

    /** Every worker of one app. */
    record App(String name) implements TargetParam {
        public JsonNode toJson() {
            return TextNode.valueOf(name);
        }
    }

    /** These workers (a non-empty list of ids > 0). */
    record Ids(List<Long> ids) implements TargetParam {
        public Ids {
            ids = List.copyOf(ids);
        }

        /** One id as a number (how a node gets "b/3" once the node is taken off), several as a list. */
        public JsonNode toJson() {
            if (ids.size() == 1) {
                return JsonNodeFactory.instance.numberNode(ids.get(0));
            }
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            ids.forEach(a::add);
            return a;
        }
    }

    /**
     * {@code "NODE/all"}, {@code "NODE/APP"}, {@code "NODE/ID"}: {@code target} (an {@link All},
     * {@link App} or {@link Ids}) on the node named {@code node}, and nowhere else.
     */
    record OnNode(String node, TargetParam target) implements TargetParam {
        public JsonNode toJson() {
            String local = target.toJson().asText();
            return TextNode.valueOf(node + "/" + local);
        }
    }

    /** A list with at least one {@code "NODE/ID"} string: workers by id on several nodes. */
    record NodeIds(List<NodeId> ids) implements TargetParam {
        public NodeIds {
            ids = List.copyOf(ids);
        }

        public JsonNode toJson() {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            ids.forEach(id -> {
                if (id.node() == null) {
                    a.add(id.id());
                } else {
                    a.add(id.node() + "/" + id.id());
                }
            });
            return a;
        }
    }

    /** One worker id of a {@link NodeIds} list; {@code node} null: the connected node. */
    record NodeId(String node, long id) {
    }

    TargetParam ALL = new All();

    /** The wire form, as a target param's value. */
    JsonNode toJson();

    /** The target of checked params: absent or null means all. */
    static TargetParam read(Params params) {
        if (!params.has("target")) {
            return ALL;
        }
        JsonNode t = params.raw("target");
        if (t.isTextual()) {
            return text(t);
        }
        if (t.isIntegralNumber() && t.asLong() > 0) {
            return new Ids(List.of(t.asLong()));
        }
        if (t.isArray() && !t.isEmpty()) {
            return list(t);
        }
        throw Params.invalid("target", EXPECTED, t);
    }

    private static TargetParam text(JsonNode t) {
        String s = t.asText();
        if (s.isEmpty()) {
            throw Params.invalid("target", EXPECTED, t);
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return s.equals("all") ? ALL : new App(s);
        }
        String node = s.substring(0, slash);
        String rest = s.substring(slash + 1);
        if (!NODE_NAME.matcher(node).matches() || rest.isEmpty() || rest.indexOf('/') >= 0) {
            throw Params.invalid("target", EXPECTED_QUALIFIED, t);
        }
        if (rest.equals("all")) {
            return new OnNode(node, ALL);
        }
        long id = positiveId(rest);
        return new OnNode(node, id > 0 ? new Ids(List.of(id)) : new App(rest));
    }

    private static TargetParam list(JsonNode t) {
        List<NodeId> ids = new ArrayList<>();
        boolean qualified = false;
        for (JsonNode e : t) {
            if (e.isIntegralNumber() && e.asLong() > 0) {
                ids.add(new NodeId(null, e.asLong()));
                continue;
            }
            TargetParam one = e.isTextual() && e.asText().indexOf('/') > 0 ? text(e) : null;
            if (!(one instanceof OnNode on) || !(on.target() instanceof Ids i)) {
                throw Params.invalid("target", EXPECTED + " (ids may be \"NODE/ID\")", t);
            }
            ids.add(new NodeId(on.node(), i.ids().get(0)));
            qualified = true;
        }
        return qualified ? new NodeIds(ids) : new Ids(ids.stream().map(NodeId::id).toList());
    }

    /** The id a text names, or 0 when it is not one (then it is an app name). */
    private static long positiveId(String s) {
        if (s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(s);
    }
}
