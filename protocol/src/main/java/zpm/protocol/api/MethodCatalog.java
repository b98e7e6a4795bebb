package zpm.protocol.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every JSON-RPC method of the agent, one {@link Method} each, in wire order (the order of
 * docs/protocol.md's table and of the -32601 error's list). Each family file lists its own
 * methods; this is the one list of the families: no classpath scanning.
 */
public final class MethodCatalog {

    private static final List<Method<?, ?>> ALL = join(
            AgentCalls.METHODS,
            WorkerCalls.METHODS,
            StreamCalls.METHODS,
            FleetCalls.METHODS,
            AppCalls.METHODS);

    private static final Map<String, Method<?, ?>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Method<?, ?> m : ALL) {
            if (BY_NAME.put(m.name(), m) != null) {
                throw new IllegalStateException("two methods named " + m.name());
            }
        }
    }

    private MethodCatalog() {
    }

    @SafeVarargs
    private static List<Method<?, ?>> join(List<Method<?, ?>>... families) {
        List<Method<?, ?>> all = new ArrayList<>();
        for (List<Method<?, ?>> f : families) {
            all.addAll(f);
        }
        return List.copyOf(all);
    }

    public static Optional<Method<?, ?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<Method<?, ?>> all() {
        return ALL;
    }

    /** The method names, in catalog order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
