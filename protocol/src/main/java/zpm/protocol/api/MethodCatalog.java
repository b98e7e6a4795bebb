package zpm.protocol.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every JSON-RPC method of the agent: its name, whether it changes anything (a read-only token
 * may call only those that do not), its params and a one-line summary. docs/protocol.md gives
 * each with an example exchange.
 */
public final class MethodCatalog {

    /**
     * One method.
     *
     * @param name     the wire name
     * @param mutating true when it changes the agent's state (refused to read-only tokens)
     * @param params   the params it takes, as "name: type" strings ("?" = optional)
     * @param summary  one line for help texts
     */
    public record Method(String name, boolean mutating, List<String> params, String summary) {
    }

    private static final String TARGET = "target?: \"all\" | app name | worker id | [ids]";
    private static final String TIMEOUT = "timeout?: ms";

    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    static {
        add("auth", false, List.of("token: string"), "authenticate this connection");
        add("agent.info", false, List.of(), "version, pid, uptime, host, apps and the agent's own memory");
        add("status", false, List.of(TARGET), "workers with state, pid, uptime, restarts, last exit, cpu and memory");
        add("connections", false, List.of(TARGET), "established connections per worker and in total");
        add("restart", true, List.of(TARGET, TIMEOUT), "rolling restart: each replacement online before its old worker leaves");
        add("shutdown", true, List.of(TARGET, TIMEOUT), "graceful stop (SIGTERM, SIGKILL after the kill timeout); apps go to size 0");
        add("terminate", true, List.of(TARGET, TIMEOUT), "SIGKILL of each worker's process tree now");
        add("resize", true, List.of("app: string", "size: integer >= 0", TIMEOUT), "set an app's number of workers");
        add("add", true, List.of("app: string", "n?: integer >= 1 (default 1)", TIMEOUT), "grow an app by n workers");
        add("sub", true, List.of("app: string", "n?: integer >= 1 (default 1)", TIMEOUT), "shrink an app by n workers");
        add("signal", true, List.of("signal: name (TERM, HUP, USR1, ...)", TARGET), "send a signal to workers' main processes");
        add("send", true, List.of(TARGET, "data: any JSON"),
                "send data to workers over their control channel (ZPM_CONTROL); returns the ids reached");
        add("logs", false, List.of(TARGET, "lines?: integer (default 100)", "follow?: boolean"),
                "last lines of workers' output; follow streams new ones as log notifications");
        add("apps.list", false, List.of(), "every app with its state, size and spec");
        add("apps.start", true, List.of("app: object (the keys of an app in the config file)", TIMEOUT),
                "add and start an app; kept in the state directory across agent restarts");
        add("apps.stop", true, List.of("app: string", TIMEOUT), "take an app to size 0, keeping it");
        add("apps.delete", true, List.of("app: string", TIMEOUT), "stop an app and forget it");
        add("events.subscribe", false, List.of("types?: [event type]", "app?: string"),
                "receive lifecycle events as event notifications");
        add("events.unsubscribe", false, List.of("subscription: string"), "end an events or logs subscription");
        add("agent.quit", true, List.of(), "stop every worker gracefully, then exit the agent");
    }

    private MethodCatalog() {
    }

    private static void add(String name, boolean mutating, List<String> params, String summary) {
        METHODS.put(name, new Method(name, mutating, List.copyOf(params), summary));
    }

    public static Optional<Method> find(String name) {
        return Optional.ofNullable(METHODS.get(name));
    }

    public static List<Method> all() {
        return List.copyOf(METHODS.values());
    }

    /** The method names, in catalog order. */
    public static List<String> names() {
        return List.copyOf(METHODS.keySet());
    }
}
