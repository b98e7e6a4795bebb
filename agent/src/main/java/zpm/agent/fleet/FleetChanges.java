package zpm.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import zpm.agent.fleet.NodeCalls.Outcome;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.Session;
import zpm.protocol.api.FleetCalls.NodeAnswer;
import zpm.protocol.api.FleetCalls.NodeFailure;
import zpm.protocol.api.FleetCalls.SpreadResult;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes on a clustered agent. A target of one node goes to that node and its answer comes back
 * as it is. A change of several nodes answers each node's own result or error
 * ({@link SpreadResult}): in parallel, except {@code restart}, which goes one node after the
 * other with the caller's {@code batch} and what is left of its {@code timeout}, so that at most
 * {@code batch} workers of the app are being replaced at once in the whole fleet; it stops at
 * the first node that fails and says which nodes were done.
 */
final class FleetChanges {

    private final NodeCalls calls;
    private final long callTimeoutMs;
    /** The connected node's own apps.list, to find the nodes running an app. */
    private final MethodHandler appsList;

    FleetChanges(NodeCalls calls, long callTimeoutMs, MethodHandler appsList) {
        this.calls = calls;
        this.callTimeoutMs = callTimeoutMs;
        this.appsList = appsList;
    }

    /** The nodes a change goes to, with their params, and those that could not be asked. */
    private record Found(Map<String, JsonNode> targets, List<NodeFailure> unreachable) {
    }

    Future<JsonNode> run(MethodHandler h, Session s, JsonNode params, NodeTargets.Plan plan) {
        if (plan.local()) {
            return h.call(s, params);
        }
        long timeoutMs = timeout(h, params);
        if (!plan.spread()) {
            Map<String, JsonNode> targets = calls.named(plan.nodes());
            if (targets.size() == 1) {
                String node = targets.keySet().iterator().next();
                return calls.onNamed(node, s, h, targets.get(node), timeoutMs + callTimeoutMs);
            }
            return apply(h, s, new Found(targets, List.of()), timeoutMs);
        }
        return find(plan.app(), plan.params(), s).compose(found -> apply(h, s, found, timeoutMs));
    }

    private Future<JsonNode> apply(MethodHandler h, Session s, Found found, long timeoutMs) {
        if (h.method().name().equals(WorkerCalls.RESTART.name())) {
            return new Rolling(h, s, found, timeoutMs).start();
        }
        return calls.each(found.targets(), s, h, timeoutMs + callTimeoutMs).map(outcomes -> {
            List<NodeAnswer> answers = new ArrayList<>();
            List<NodeFailure> unreachable = new ArrayList<>(found.unreachable());
            for (Outcome o : outcomes) {
                if (o.unreachable(false)) {
                    unreachable.add(new NodeFailure(o.node(), o.failure().getMessage()));
                } else {
                    answers.add(new NodeAnswer(o.node(), o.result(), o.ok() ? null : o.error()));
                }
            }
            return new SpreadResult(answers, unreachable).toJson();
        });
    }

    /** Every node ({@code app} null), or the nodes whose apps.list has {@code app}. */
    private Future<Found> find(String app, JsonNode params, Session s) {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        calls.names().forEach(n -> all.put(n, params));
        if (app == null) {
            return Future.succeededFuture(new Found(all, List.of()));
        }
        Map<String, JsonNode> asked = new LinkedHashMap<>();
        all.keySet().forEach(n -> asked.put(n, null));
        return calls.each(asked, s, appsList, callTimeoutMs).map(outcomes -> {
            Map<String, JsonNode> running = new LinkedHashMap<>();
            List<NodeFailure> unreachable = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (!o.ok()) {
                    unreachable.add(new NodeFailure(o.node(), o.failure().getMessage()));
                } else if (runs(o.result(), app)) {
                    running.put(o.node(), params);
                }
            }
            if (running.isEmpty() && unreachable.isEmpty()) {
                throw new RpcException(ErrorCode.UNKNOWN_APP, "no node runs an app named \"" + app
                        + "\"; the nodes are " + String.join(", ", all.keySet()));
            }
            return new Found(running, unreachable);
        });
    }

    private static boolean runs(JsonNode appsList, String app) {
        for (JsonNode a : appsList.path("apps")) {
            if (app.equals(a.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The caller's {@code timeout}, else the method's default; 0 for methods without one. */
    private static long timeout(MethodHandler h, JsonNode params) {
        if (!h.method().paramNames().contains("timeout")) {
            return 0;
        }
        JsonNode t = params == null ? null : params.get("timeout");
        if (t != null && t.isIntegralNumber()) {
            return t.asLong();
        }
        return h.method().name().equals(WorkerCalls.RESTART.name()) ? WorkerCalls.RESTART_TIMEOUT_MS
                : WorkerCalls.DEFAULT_TIMEOUT_MS;
    }

    /** One rolling restart over several nodes, one node after the other. */
    private final class Rolling {
        private final MethodHandler h;
        private final Session s;
        private final Found found;
        private final List<String> nodes;
        private final long deadline;
        private final List<NodeAnswer> answers = new ArrayList<>();
        private final Promise<JsonNode> done = Promise.promise();

        Rolling(MethodHandler h, Session s, Found found, long timeoutMs) {
            this.h = h;
            this.s = s;
            this.found = found;
            this.nodes = new ArrayList<>(found.targets().keySet());
            this.deadline = System.currentTimeMillis() + timeoutMs;
        }

        Future<JsonNode> start() {
            step(0);
            return done.future();
        }

        private void step(int i) {
            if (i == nodes.size()) {
                done.complete(new SpreadResult(answers, found.unreachable()).toJson());
                return;
            }
            String node = nodes.get(i);
            long left = deadline - System.currentTimeMillis();
            if (left < 1) {
                stop(node, RpcError.of(ErrorCode.TIMEOUT, "no time left of the restart's timeout"));
                return;
            }
            JsonNode params = NodeTargets.with(found.targets().get(node), "timeout", LongNode.valueOf(left));
            calls.on(node, s, h, params, left + callTimeoutMs).onComplete(ar -> {
                if (ar.succeeded()) {
                    answers.add(new NodeAnswer(node, ar.result(), null));
                    step(i + 1);
                } else {
                    stop(node, new Outcome(node, null, ar.cause()).error());
                }
            });
        }

        /** -32015: which nodes were done, which failed and how, each node's answer so far. */
        private void stop(String node, RpcError error) {
            answers.add(new NodeAnswer(node, null, error));
            List<String> doneOn = answers.stream().filter(a -> a.error() == null).map(NodeAnswer::node).toList();
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            ArrayNode d = data.putArray("done");
            doneOn.forEach(d::add);
            data.put("failed", node);
            data.set("nodes", new SpreadResult(answers, found.unreachable()).toJson().get("nodes"));
            done.fail(new RpcException(RpcError.of(ErrorCode.FAILED, "the restart stopped at node " + node + ": "
                    + error.message() + (doneOn.isEmpty() ? "" : "; done on " + String.join(", ", doneOn)), data)));
        }
    }
}
