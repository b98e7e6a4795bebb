package zpm.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed reads of one JSON/YAML tree that report a wrong type or value to {@link Problems} and
 * return null, so the caller goes on and finds the next problem too. A key set to null (YAML
 * {@code port:} with nothing after it) reads as absent, so the default applies.
 */
final class Fields {

    private static final int MAX_SHOWN = 60;

    private final Problems problems;

    Fields(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    /** The path of a key inside the object at {@code path}: {@code apps[0]} + {@code port}. */
    static String at(String path, String key) {
        return path == null || path.isEmpty() ? key : path + "." + key;
    }

    /** The value of a key, or null when it is missing or null. */
    static JsonNode get(JsonNode obj, String key) {
        JsonNode node = obj.get(key);
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** How a value looks, for "(got ...)": JSON text for scalars, a word for containers. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        String text = node.toString();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "...\"" : text;
    }

    /** Text of a string, number or boolean (YAML reads {@code 10} and {@code true} as such); else null. */
    static String scalarText(JsonNode node) {
        return node != null && (node.isTextual() || node.isNumber() || node.isBoolean()) ? node.asText() : null;
    }

    /** Reports and returns false unless {@code node} is an object. */
    boolean requireObject(JsonNode node, String path, String what) {
        if (node != null && node.isObject()) {
            return true;
        }
        problems.add(path, "must be " + what + " (got " + describe(node) + ")");
        return false;
    }

    /** Reports every key of {@code obj} not in {@code known}, with a guess when one is close. */
    void knownKeys(JsonNode obj, String path, List<String> known) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String guess = closest(key, known);
                problems.add(at(path, key), "unknown key"
                        + (guess == null ? "" : ", did you mean \"" + guess + "\"?")
                        + " (known keys: " + String.join(", ", known) + ")");
            }
        }
    }

    String string(JsonNode obj, String path, String key) {
        JsonNode node = get(obj, key);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(at(path, key), "must be a string (got " + describe(node) + ")");
            return null;
        }
        return node.asText();
    }

    /**
     * A whole number in {@code [min, max]}, or null when absent or wrong.
     * {@code extra} is appended to the rule in the message (e.g. {@code or "cpus"}), may be empty.
     */
    Long number(JsonNode obj, String path, String key, long min, long max, String extra) {
        JsonNode node = get(obj, key);
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long value = node.asLong();
            if (value >= min && value <= max) {
                return value;
            }
        }
        problems.add(at(path, key), "must be " + rule(min, max) + extra + " (got " + describe(node) + ")");
        return null;
    }

    Long number(JsonNode obj, String path, String key, long min, long max) {
        return number(obj, path, key, min, max, "");
    }

    static String rule(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return min == 1 ? "a whole number > 0" : "a whole number >= " + min;
        }
        return "a whole number from " + min + " to " + max;
    }

    /**
     * A list of strings (numbers and booleans are taken as their text), or null when absent or
     * wrong. {@code hint} is added to the message when the value is not a list at all.
     */
    List<String> stringList(JsonNode obj, String path, String key, boolean nonEmpty, String hint) {
        JsonNode node = get(obj, key);
        if (node == null) {
            return null;
        }
        String must = "must be a " + (nonEmpty ? "non-empty " : "") + "list of strings";
        if (!node.isArray() || (nonEmpty && node.isEmpty())) {
            problems.add(at(path, key), must + hint + " (got " + describe(node) + ")");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String text = scalarText(node.get(i));
            if (text == null) {
                problems.add(at(path, key) + "[" + i + "]", "must be a string (got " + describe(node.get(i)) + ")");
                ok = false;
            }
            out.add(text);
        }
        return ok ? out : null;
    }

    /** One of a fixed set of wire names, or null when absent or wrong. */
    <E> E choice(JsonNode obj, String path, String key, Function<String, E> fromWire, List<String> names) {
        JsonNode node = get(obj, key);
        if (node == null) {
            return null;
        }
        E value = node.isTextual() ? fromWire.apply(node.asText()) : null;
        if (value == null) {
            problems.add(at(path, key), "must be one of " + String.join(", ", names) + " (got " + describe(node) + ")");
        }
        return value;
    }

    /** The known key at edit distance 1 (2 for keys longer than 4 characters): a typo; else null. */
    static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = key.length() > 4 ? 3 : 2;
        for (String candidate : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edits between two strings, a swap of neighbours counting as one (rcp -> rpc). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
