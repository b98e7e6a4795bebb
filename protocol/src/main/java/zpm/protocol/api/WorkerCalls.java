package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Params;

import java.util.List;

/**
 * What the workers are and what they are told: {@code status}, {@code connections},
 * {@code restart}, {@code shutdown}, {@code terminate}, {@code resize}, {@code add}, {@code sub},
 * {@code signal}, {@code send}.
 */
public final class WorkerCalls {

    /** How long a long operation is waited for unless the caller says. */
    public static final long DEFAULT_TIMEOUT_MS = 120_000;
    /** A rolling restart waits for every replacement: longer. */
    public static final long RESTART_TIMEOUT_MS = 600_000;
    static final long MAX_TIMEOUT_MS = 3_600_000;
    /**
     * The one limit on an app's size, wherever a size comes in: {@code resize}, {@code add},
     * {@code sub}, {@code apps.start}, the config file, and the agent's core as a last guard.
     */
    public static final int MAX_SIZE = 10_000;
    /** Workers of all apps together that one agent runs at most (the core refuses beyond). */
    public static final int MAX_TOTAL_SIZE = 2 * MAX_SIZE;
    /** What a bad signal name is told was expected (the names themselves are the agent's). */
    public static final String SIGNAL_EXPECTED = "a signal name such as TERM, HUP, INT, USR1, USR2, QUIT, KILL";

    private WorkerCalls() {
    }

    static long timeout(Params p, long dflt) {
        return p.integer("timeout", 1, MAX_TIMEOUT_MS, dflt);
    }

    /** {@code status}, {@code connections}: which workers. */
    public record TargetParams(TargetParam target) {
        static TargetParams read(Params p) {
            return new TargetParams(TargetParam.read(p));
        }
    }

    /** {@code shutdown}, {@code terminate}: which workers, and how long to wait. */
    public record TargetTimeout(TargetParam target, long timeoutMs) {
        static TargetTimeout read(Params p, long dflt) {
            return new TargetTimeout(TargetParam.read(p), timeout(p, dflt));
        }
    }

    /** {@code restart}: which workers, how many replacements at once per app, how long to wait. */
    public record RestartParams(TargetParam target, RestartBatch batch, long timeoutMs) {
        static RestartParams read(Params p) {
            return new RestartParams(TargetParam.read(p), RestartBatch.read(p), timeout(p, RESTART_TIMEOUT_MS));
        }
    }

    /** {@code resize}. */
    public record ResizeParams(String app, int size, long timeoutMs) {
        static ResizeParams read(Params p) {
            return new ResizeParams(p.string("app"), (int) p.integer("size", 0, MAX_SIZE),
                    timeout(p, DEFAULT_TIMEOUT_MS));
        }
    }

    /** {@code add}, {@code sub}: n workers more or fewer. */
    public record StepParams(String app, int n, long timeoutMs) {
        static StepParams read(Params p) {
            return new StepParams(p.string("app"), (int) p.integer("n", 1, MAX_SIZE, 1), timeout(p, DEFAULT_TIMEOUT_MS));
        }
    }

    /** {@code signal}: the name as given; the agent knows which names exist. */
    public record SignalParams(String signal, TargetParam target) {
        static SignalParams read(Params p) {
            return new SignalParams(p.string("signal"), TargetParam.read(p));
        }

        /** The -32602 error for a name the agent does not know. */
        public RuntimeException unknownSignal() {
            return Params.invalid("signal", SIGNAL_EXPECTED, TextNode.valueOf(signal));
        }
    }

    /** {@code send}: any JSON value, null included, to the workers' control channels. */
    public record SendParams(TargetParam target, JsonNode data) {
        static SendParams read(Params p) {
            JsonNode data = p.raw("data");
            if (data == null || data.isMissingNode()) {
                throw Params.invalid("data", "any JSON value to deliver to the workers", null);
            }
            return new SendParams(TargetParam.read(p), data);
        }
    }

    /** How a worker's previous process ended. */
    public record LastExit(Integer code, String signal, boolean expected, long uptimeMs, String reason) {
        ObjectNode toJson() {
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            e.put("code", code);
            e.put("signal", signal);
            e.put("expected", expected);
            e.put("uptimeMs", uptimeMs);
            e.put("reason", reason);
            return e;
        }
    }

    /**
     * One worker in {@code status}. {@code cpu} and {@code rssBytes} are null until sampled
     * (and without a process).
     */
    public record WorkerRow(String node, long id, int slot, String app, Long pid, String state, long uptimeMs,
                            int restarts, String statusText, LastExit lastExit, String reason, Double cpu,
                            Long rssBytes, int connections) {
        /** A row without a node name (not written then). */
        public WorkerRow(long id, int slot, String app, Long pid, String state, long uptimeMs, int restarts,
                         String statusText, LastExit lastExit, String reason, Double cpu, Long rssBytes,
                         int connections) {
            this(null, id, slot, app, pid, state, uptimeMs, restarts, statusText, lastExit, reason, cpu, rssBytes,
                    connections);
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            putNode(n, node);
            n.put("id", id);
            n.put("slot", slot);
            n.put("app", app);
            n.put("pid", pid);
            n.put("state", state);
            n.put("uptimeMs", uptimeMs);
            n.put("restarts", restarts);
            n.put("statusText", statusText);
            n.set("lastExit", lastExit == null ? JsonNodeFactory.instance.nullNode() : lastExit.toJson());
            n.put("reason", reason);
            n.put("cpu", cpu);
            n.put("rssBytes", rssBytes);
            n.put("connections", connections);
            return n;
        }
    }

    /**
     * {@code status} result: {"workers": [...]}; a clustered agent adds {"unreachable": [...]}
     * (the nodes that did not answer; null: not clustered, not written).
     */
    public record WorkersResult(List<WorkerRow> workers, List<FleetCalls.NodeFailure> unreachable) {
        public WorkersResult(List<WorkerRow> workers) {
            this(workers, null);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("workers");
            workers.forEach(w -> list.add(w.toJson()));
            FleetCalls.NodeFailure.write(n, unreachable);
            return n;
        }
    }

    /** {@code "node"} first in a row, when the row has one. */
    static void putNode(ObjectNode row, String node) {
        if (node != null) {
            row.put("node", node);
        }
    }

    /** One worker in {@code connections}. */
    public record ConnectionRow(String node, long id, String app, int slot, int connections, List<Integer> ports) {
        /** A row without a node name (not written then). */
        public ConnectionRow(long id, String app, int slot, int connections, List<Integer> ports) {
            this(null, id, app, slot, connections, ports);
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            putNode(n, node);
            n.put("id", id);
            n.put("app", app);
            n.put("slot", slot);
            n.put("connections", connections);
            n.set("ports", JsonTree.of(ports));
            return n;
        }
    }

    /** {@code connections} result: {"workers": [...], "total": n}, and {"unreachable"} as status's. */
    public record ConnectionsResult(List<ConnectionRow> workers, int total, List<FleetCalls.NodeFailure> unreachable) {
        public ConnectionsResult(List<ConnectionRow> workers, int total) {
            this(workers, total, null);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            ArrayNode list = n.putArray("workers");
            workers.forEach(w -> list.add(w.toJson()));
            n.put("total", total);
            FleetCalls.NodeFailure.write(n, unreachable);
            return n;
        }
    }

    /** {@code restart} result, and the data of its -32015 when it could not finish. */
    public record RestartResult(List<Long> replaced, List<Long> started) {
        /** {"replaced": [ids], "started": [ids]}. */
        public ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.set("replaced", JsonTree.of(replaced));
            n.set("started", JsonTree.of(started));
            return n;
        }
    }

    /** {@code shutdown}, {@code terminate} result: {"stopped": [ids]}. */
    public record StoppedResult(List<Long> stopped) {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().set("stopped", JsonTree.of(stopped));
        }
    }

    /** {@code signal} result: {"signal": "HUP", "signalled": [ids]}. */
    public record SignalResult(String signal, List<Long> signalled) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("signal", signal);
            n.set("signalled", JsonTree.of(signalled));
            return n;
        }
    }

    /** {@code send} result: {"sent": [ids reached]}. */
    public record SentResult(List<Long> sent) {
        JsonNode toJson() {
            return JsonNodeFactory.instance.objectNode().set("sent", JsonTree.of(sent));
        }
    }

    private static final Param N = Param.optional("n", Param.Kind.VALUE, "integer >= 1 (default 1)");
    private static final Param BATCH = Param.optional("batch", Param.Kind.VALUE,
            "integer >= 1 or \"N%\" of the app's size, rounded up (default 1)");

    public static final Method<TargetParams, WorkersResult> STATUS = Method.of("status", false,
            "workers with state, pid, uptime, restarts, last exit, cpu and memory", List.of(Param.TARGET),
            TargetParams::read, WorkersResult::toJson);

    public static final Method<TargetParams, ConnectionsResult> CONNECTIONS = Method.of("connections", false,
            "established connections per worker and in total", List.of(Param.TARGET),
            TargetParams::read, ConnectionsResult::toJson);

    public static final Method<RestartParams, RestartResult> RESTART = Method.of("restart", true,
            "rolling restart: each replacement online before its old worker leaves",
            List.of(Param.TARGET, BATCH, Param.TIMEOUT), RestartParams::read, RestartResult::toJson);

    public static final Method<TargetTimeout, StoppedResult> SHUTDOWN = Method.of("shutdown", true,
            "graceful stop (SIGTERM, SIGKILL after the kill timeout); apps go to size 0",
            List.of(Param.TARGET, Param.TIMEOUT), p -> TargetTimeout.read(p, DEFAULT_TIMEOUT_MS), StoppedResult::toJson);

    public static final Method<TargetTimeout, StoppedResult> TERMINATE = Method.of("terminate", true,
            "SIGKILL of each worker's process tree now", List.of(Param.TARGET, Param.TIMEOUT),
            p -> TargetTimeout.read(p, DEFAULT_TIMEOUT_MS), StoppedResult::toJson);

    public static final Method<ResizeParams, AppCalls.AppResult> RESIZE = Method.of("resize", true,
            "set an app's number of workers",
            List.of(Param.APP, Param.required("size", Param.Kind.VALUE, "integer >= 0"), Param.TIMEOUT),
            ResizeParams::read, AppCalls.AppResult::toJson);

    public static final Method<StepParams, AppCalls.AppResult> ADD = Method.of("add", true,
            "grow an app by n workers", List.of(Param.APP, N, Param.TIMEOUT), StepParams::read, AppCalls.AppResult::toJson);

    public static final Method<StepParams, AppCalls.AppResult> SUB = Method.of("sub", true,
            "shrink an app by n workers", List.of(Param.APP, N, Param.TIMEOUT), StepParams::read, AppCalls.AppResult::toJson);

    public static final Method<SignalParams, SignalResult> SIGNAL = Method.of("signal", true,
            "send a signal to workers' main processes",
            List.of(Param.required("signal", Param.Kind.SIGNAL, "name (TERM, HUP, USR1, ...)"), Param.TARGET),
            SignalParams::read, SignalResult::toJson);

    public static final Method<SendParams, SentResult> SEND = Method.of("send", true,
            "send data to workers over their control channel (ZPM_CONTROL); returns the ids reached",
            List.of(Param.TARGET, Param.required("data", Param.Kind.VALUE, "any JSON")),
            SendParams::read, SentResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(STATUS, CONNECTIONS, RESTART, SHUTDOWN, TERMINATE, RESIZE,
            ADD, SUB, SIGNAL, SEND);
}
