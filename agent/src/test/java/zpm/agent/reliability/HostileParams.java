package zpm.agent.reliability;

import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.api.Param;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests for every method of the catalog with hostile params, generated from its {@link Param}
 * list: each param in turn given a value of every JSON type (huge and negative numbers, unicode,
 * empty strings, null, deep lists), each required param left out, an extra key, and params that
 * are not an object. The other params keep a harmless valid value.
 */
final class HostileParams {

    /** A request to send: its method, its params as JSON text, and the codes it must get (null: any allowed one). */
    record Case(String method, String params, Set<Integer> mustBe) {
    }

    static final Set<Integer> INVALID_PARAMS = Set.of(-32602);
    /** Params that are neither an object nor left out: the request or its params are invalid. */
    static final Set<Integer> NOT_AN_OBJECT = Set.of(-32600, -32602);

    static final List<String> VALUES = List.of("\"\"", "\"\\u00fc\\u4e16\\ud83d\\ude00\"", "\"\\ud800\"",
            "\"" + "x".repeat(10_000) + "\"", "0", "-1", "-9223372036854775808", "9223372036854775808",
            "1e400", "-1e400", "1.5", "true", "null", "[]", "[1, \"a\", null]", "[[[[[[[[[[1]]]]]]]]]]", "{}",
            "{\"a\": {\"b\": []}}");
    /** Values no param of the catalog takes: each must be -32602 (data and apps.start's app excepted). */
    static final List<String> NEVER_FIT = List.of("{\"a\": {\"b\": []}}", "[[[[[[[[[[1]]]]]]]]]]");

    private HostileParams() {
    }

    /** Every case of every method; auth only with values that are not strings (a wrong string would count as a failed login). */
    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (Method<?, ?> m : MethodCatalog.all()) {
            cases.addAll(of(m));
        }
        return cases;
    }

    static List<Case> of(Method<?, ?> m) {
        List<Case> cases = new ArrayList<>();
        boolean dangerous = m.name().equals("agent.quit") || m.name().equals("agent.rotateTokens");
        for (Param p : m.params()) {
            for (String v : VALUES) {
                if (m.name().equals("auth") && v.startsWith("\"")) {
                    continue;
                }
                Map<String, String> params = valid(m);
                params.put(p.name(), v);
                boolean takesAnything = p.name().equals("data") || p.name().equals("app") && m.name().equals("apps.start");
                cases.add(new Case(m.name(), object(params), NEVER_FIT.contains(v) && !takesAnything ? INVALID_PARAMS : null));
            }
            if (!p.optional()) {
                Map<String, String> params = valid(m);
                params.remove(p.name());
                cases.add(new Case(m.name(), object(params), INVALID_PARAMS));
            }
        }
        Map<String, String> extra = valid(m);
        extra.put("zz\u00fcnknown", "1");
        cases.add(new Case(m.name(), object(extra), INVALID_PARAMS));
        for (String notAnObject : List.of("\"params\"", "42", "[1, 2]", "true")) {
            cases.add(new Case(m.name(), notAnObject, NOT_AN_OBJECT));
        }
        if (!dangerous && !m.name().equals("auth")) {
            cases.add(new Case(m.name(), object(valid(m)), null));
        }
        return cases;
    }

    /**
     * A random case: each param of a random method left out, valid, or given a random hostile
     * value, all at once. agent.quit, agent.rotateTokens and auth are left to {@link #of}.
     */
    static Case random(java.util.Random r) {
        List<Method<?, ?>> methods = MethodCatalog.all().stream()
                .filter(m -> !Set.of("agent.quit", "agent.rotateTokens", "auth").contains(m.name())).toList();
        Method<?, ?> m = methods.get(r.nextInt(methods.size()));
        Map<String, String> params = new LinkedHashMap<>();
        for (Param p : m.params()) {
            int pick = r.nextInt(3);
            if (pick == 1) {
                params.put(p.name(), validValue(m.name(), p));
            } else if (pick == 2) {
                params.put(p.name(), VALUES.get(r.nextInt(VALUES.size())));
            }
        }
        return new Case(m.name(), object(params), null);
    }

    /** Harmless valid values of a method's required params (auth's token is left to each case). */
    private static Map<String, String> valid(Method<?, ?> m) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Param p : m.params()) {
            if (!p.optional()) {
                params.put(p.name(), validValue(m.name(), p));
            }
        }
        return params;
    }

    private static String validValue(String method, Param p) {
        return switch (p.name()) {
            case "app" -> method.equals("apps.start")
                    ? "{\"name\": \"fuzzed\", \"command\": [\"sleep\", \"100000\"], \"size\": 1}" : "\"sleepy\"";
            case "size" -> "2";
            case "signal" -> "\"CONT\"";
            case "data" -> "{\"hello\": 1}";
            case "subscription" -> "\"s999\"";
            case "token" -> "\"not-the-token\"";
            default -> "null";
        };
    }

    private static String object(Map<String, String> params) {
        StringBuilder b = new StringBuilder("{");
        params.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return b.append('}').toString();
    }
}
