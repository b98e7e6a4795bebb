package zpm.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zpm.agent.config.ClusterSettings;
import zpm.agent.config.HostPort;
import zpm.agent.rpc.Access;
import zpm.agent.rpc.ConnectionMethods;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.RpcMethods;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

/**
 * FleetMethods over three nodes of canned answers: a (the connected node, through its own
 * table), b and c (through a fake fleet). Each node runs the apps given and records the calls it
 * got, as the node's own table would see them.
 */
class FleetMethodsTest {

    private static final ClusterSettings CLUSTER = new ClusterSettings(new HostPort("127.0.0.1", 7710), List.of(),
            null, 1000, 5000, 200);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** "node method params" in the order the nodes got them, and "end node" when a restart ends. */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final FakeNode a = new FakeNode("a", Set.of("web", "jobs"));
    private final FakeNode b = new FakeNode("b", Set.of("web"));
    private final FakeNode c = new FakeNode("c", Set.of("jobs"));
    private final FakeFleet fleet = new FakeFleet();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aLoneAgentKeepsItsOwnHandlers() {
        RpcMethods own = a.table();
        List<MethodHandler> handlers = new FleetMethods(own, new Alone("a", "1", 0), null).handlers(null);
        assertThat(handlers).containsExactlyElementsOf(own.handlers(null));
    }

    @Test
    void statusMergesEveryNodeByNodeThenIdAndNamesTheNodeThatDidNotAnswer() throws Exception {
        c.silent = true;
        JsonNode r = call("status", "{}");
        assertThat(rows(r, "workers")).containsExactly("a/1", "a/2", "b/1");
        assertThat(JsonTree.write(r.get("unreachable"))).isEqualTo(
                "[{\"node\":\"c\",\"error\":\"node c did not answer within 200 ms\"}]");
    }

    @Test
    void rowsOtherNodesPassOnUnreadComeOutAsTheMergedTreesWould() throws Exception {
        String status = JsonTree.write(call("status", "{}"));
        String jobs = JsonTree.write(call("status", "{\"target\": \"jobs\"}"));
        String apps = JsonTree.write(call("apps.list", "{}"));
        String onB = JsonTree.write(call("status", "{\"target\": \"b/all\"}"));
        fleet.unread = true;
        JsonNode b = call("status", "{\"target\": \"b/all\"}");
        assertThat(JsonTree.rawText(b.get("workers"))).isNotNull();
        assertThat(JsonTree.write(b)).isEqualTo(onB);
        JsonNode r = call("status", "{}");
        assertThat(JsonTree.rawText(r.get("workers"))).isNotNull(); // spliced, never read here
        assertThat(JsonTree.write(r)).isEqualTo(status);
        assertThat(JsonTree.write(call("status", "{\"target\": \"jobs\"}"))).isEqualTo(jobs);
        assertThat(JsonTree.write(call("apps.list", "{}"))).isEqualTo(apps);
        c.silent = true;
        assertThat(JsonTree.write(call("status", "{}"))).startsWith(
                "{\"workers\":[{\"node\":\"a\",\"id\":1},{\"node\":\"a\",\"id\":2},{\"node\":\"b\",\"id\":1}],"
                + "\"unreachable\":[{\"node\":\"c\"");
    }

    @Test
    void aNodeWhoseLinkFailedIsUnreachableNotFatalToTheRead() throws Exception {
        b.failStatus = new RpcException(ErrorCode.INTERNAL_ERROR, "node b failed the call: connection reset");
        c.failStatus = new RpcException(ErrorCode.NODE_LEFT, "node c left the fleet (killed) before it answered");
        JsonNode r = call("status", "{}");
        assertThat(rows(r, "workers")).containsExactly("a/1", "a/2");
        assertThat(r.get("unreachable")).extracting(u -> u.get("node").asText()).containsExactly("b", "c");
    }

    @Test
    void anAppThatOnlySomeNodesRunIsNoErrorButAnAppNoNodeRunsIs() throws Exception {
        JsonNode r = call("status", "{\"target\": \"jobs\"}");
        assertThat(rows(r, "workers")).containsExactly("a/1", "a/2", "c/1");
        assertThat(r.get("unreachable")).isEmpty();
        assertThatThrownBy(() -> call("status", "{\"target\": \"nope\"}")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_APP));
    }

    @Test
    void aQualifiedTargetGoesToThatNodeOnlyWithoutItsQualifier() throws Exception {
        JsonNode r = call("status", "{\"target\": \"b/1\"}");
        assertThat(rows(r, "workers")).containsExactly("b/1");
        assertThat(r.has("unreachable")).isFalse();
        assertThat(log).containsExactly("b status {\"target\":1}");
        log.clear();
        call("restart", "{\"target\": \"b/web\", \"batch\": 2}");
        assertThat(log).containsExactly("b restart {\"target\":\"web\",\"batch\":2}", "end b");
        log.clear();
        call("shutdown", "{\"target\": \"a/all\"}");
        assertThat(log).containsExactly("a shutdown {\"target\":\"all\"}");
        log.clear();
        call("resize", "{\"app\": \"c/jobs\", \"size\": 3}");
        assertThat(log).containsExactly("c resize {\"app\":\"jobs\",\"size\":3}");
    }

    @Test
    void anErrorOfTheOneNodeNamedSaysWhichNodeAnsweredIt() throws Exception {
        b.failStatus = new RpcException(ErrorCode.UNKNOWN_WORKER, "no worker with id [7]; `status` lists the current ids");
        assertThatThrownBy(() -> call("status", "{\"target\": \"b/7\"}")).isInstanceOfSatisfying(RpcException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_WORKER);
                    assertThat(e.getMessage()).isEqualTo("node b: no worker with id [7]; `status` lists the current ids");
                });
        a.failStatus = new RpcException(ErrorCode.UNKNOWN_WORKER, "no worker with id [7]");
        assertThatThrownBy(() -> call("status", "{\"target\": 7}")).hasMessage("no worker with id [7]"); // its own
    }

    @Test
    void aListMixingIdsGoesToEachNodeWithItsOwnIds() throws Exception {
        JsonNode r = call("status", "{\"target\": [2, \"b/1\", \"a/1\"]}");
        assertThat(rows(r, "workers")).containsExactly("a/1", "a/2", "b/1");
        assertThat(log).containsExactlyInAnyOrder("a status {\"target\":[2,1]}", "b status {\"target\":1}");
    }

    @Test
    void anUnqualifiedIdIsTheConnectedNodes() throws Exception {
        call("signal", "{\"signal\": \"HUP\", \"target\": [1, 2]}");
        assertThat(log).containsExactly("a signal {\"signal\":\"HUP\",\"target\":[1,2]}");
    }

    @Test
    void anUnknownNodeIsRefusedNamingTheNodes() {
        for (String params : List.of("{\"target\": \"x/all\"}", "{\"target\": [1, \"x/3\"]}")) {
            assertThatThrownBy(() -> call("status", params)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NODE_UNKNOWN);
                assertThat(e.getMessage()).isEqualTo("no node named \"x\"; the nodes are a, b, c");
            });
        }
        assertThat(log).isEmpty();
    }

    @Test
    void aRestartOfAnAppGoesOneNodeAfterTheOtherOnTheNodesRunningIt() throws Exception {
        JsonNode r = call("restart", "{\"target\": \"web\", \"batch\": 2}");
        List<String> restarts = log.stream().filter(l -> !l.contains("apps.list")).toList();
        assertThat(restarts).hasSize(4);
        assertThat(restarts.get(0)).startsWith("a restart {\"target\":\"web\",\"batch\":2,\"timeout\":");
        assertThat(restarts.get(1)).isEqualTo("end a");
        assertThat(restarts.get(2)).startsWith("b restart {\"target\":\"web\",\"batch\":2,\"timeout\":");
        assertThat(restarts.get(3)).isEqualTo("end b");
        assertThat(JsonTree.write(r)).isEqualTo("{\"nodes\":[{\"node\":\"a\",\"result\":{\"replaced\":[1],"
                + "\"started\":[9]}},{\"node\":\"b\",\"result\":{\"replaced\":[1],\"started\":[9]}}],\"unreachable\":[]}");
    }

    @Test
    void aRollingRestartStopsAtTheFirstNodeThatFailsAndSaysWhichWereDone() {
        a.failRestart = true;
        c.apps = Set.of("web", "jobs");
        assertThatThrownBy(() -> call("restart", "{\"target\": \"web\"}")).isInstanceOfSatisfying(RpcException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
                    assertThat(e.getMessage()).startsWith("the restart stopped at node a: worker 1 did not come online");
                    assertThat(JsonTree.write(e.error().data())).startsWith("{\"done\":[],\"failed\":\"a\",\"nodes\":");
                });
        assertThat(log).noneMatch(l -> l.startsWith("b restart") || l.startsWith("c restart"));
    }

    @Test
    void aChangeOfAnAppOnSeveralNodesAnswersEachNodesOwnResult() throws Exception {
        JsonNode r = call("shutdown", "{\"target\": \"jobs\"}");
        assertThat(JsonTree.write(r)).isEqualTo("{\"nodes\":[{\"node\":\"a\",\"result\":{\"stopped\":[1,2]}},"
                + "{\"node\":\"c\",\"result\":{\"stopped\":[1]}}],\"unreachable\":[]}");
        assertThat(log).noneMatch(l -> l.startsWith("b shutdown"));
    }

    @Test
    void appsStartWithANodeStartsItThereWithoutTheParam() throws Exception {
        call("apps.start", "{\"app\": {\"name\": \"x\", \"command\": [\"sleep\", \"9\"]}, \"node\": \"b\"}");
        assertThat(log).containsExactly("b apps.start {\"app\":{\"name\":\"x\",\"command\":[\"sleep\",\"9\"]}}");
    }

    @Test
    void nodesListsEveryNodeWithItsCountsAndTheOneThatDidNotAnswerAsUnreachable() throws Exception {
        c.silent = true;
        JsonNode r = call("nodes", "{}");
        assertThat(JsonTree.write(r.get("nodes").get(0))).startsWith("{\"name\":\"a\",\"address\":\"127.0.0.1:7710\","
                + "\"version\":\"1\",\"uptimeMs\":").endsWith("\"apps\":2,\"workers\":2,\"state\":\"up\",\"self\":true}");
        assertThat(JsonTree.write(r.get("nodes").get(2))).endsWith(
                "\"apps\":null,\"workers\":null,\"state\":\"unreachable\",\"self\":false}");
        assertThat(r.get("nodes").get(1).get("state").asText()).isEqualTo("up");
    }

    // ------------------------------------------------------------------ fixture

    private JsonNode call(String method, String params) throws Exception {
        MethodHandler h = new FleetMethods(a.table(), fleet, CLUSTER).handlers(null).stream()
                .filter(x -> x.method().name().equals(method)).findFirst().orElseThrow();
        Future<JsonNode> f = h.call(null, JsonTree.read(params));
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** "node/id" of each row. */
    private static List<String> rows(JsonNode result, String key) {
        return java.util.stream.StreamSupport.stream(result.get(key).spliterator(), false)
                .map(r -> r.get("node").asText() + "/" + r.get("id").asLong()).toList();
    }

    /** A node's own method table, canned: two workers per app it runs on a, one elsewhere. */
    private final class FakeNode {
        final String name;
        volatile Set<String> apps;
        volatile boolean silent;
        volatile boolean failRestart;
        volatile RpcException failStatus;

        FakeNode(String name, Set<String> apps) {
            this.name = name;
            this.apps = apps;
        }

        RpcMethods table() {
            List<MethodHandler> handlers = MethodCatalog.all().stream()
                    .map(m -> MethodHandler.ofJson(m, p -> answer(m, p))).toList();
            return new RpcMethods() {
                @Override
                public List<MethodHandler> handlers(ConnectionMethods connection) {
                    return handlers;
                }

                @Override
                public boolean quitting() {
                    return false;
                }
            };
        }

        Future<JsonNode> answer(Method<?, ?> m, JsonNode params) {
            m.decode(params); // bad params fail as the real table's would
            if (!m.name().equals("apps.list") && !m.name().equals("nodes")) {
                log.add(name + " " + m.name() + " " + JsonTree.write(params));
            }
            return switch (m.name()) {
                case "status" -> status(params.path("target"));
                case "apps.list" -> Future.succeededFuture(appsList());
                case "nodes" -> Future.succeededFuture(json("{\"nodes\":[{\"name\":\"" + name + "\",\"apps\":"
                        + apps.size() + ",\"workers\":2}]}"));
                case "restart" -> restart();
                case "shutdown" -> Future.succeededFuture(json(name.equals("a") ? "{\"stopped\":[1,2]}"
                        : "{\"stopped\":[1]}"));
                default -> Future.succeededFuture(JsonNodeFactory.instance.objectNode());
            };
        }

        private Future<JsonNode> status(JsonNode target) {
            if (failStatus != null) {
                return Future.failedFuture(failStatus);
            }
            if (target.isTextual() && !target.asText().equals("all") && !apps.contains(target.asText())) {
                return Future.failedFuture(new RpcException(ErrorCode.UNKNOWN_APP, "no app named " + target.asText()));
            }
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            int n = name.equals("a") ? 2 : 1;
            for (int id = n; id >= 1; id--) { // out of order: the merge sorts
                if (!target.isIntegralNumber() || target.asLong() == id) {
                    rows.addObject().put("node", name).put("id", id);
                }
            }
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.set("workers", rows);
            return Future.succeededFuture(r);
        }

        private JsonNode appsList() {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            ArrayNode list = r.putArray("apps");
            apps.stream().sorted().forEach(app -> list.addObject().put("node", name).put("name", app));
            return r;
        }

        /** Ends 50 ms later: a next node's restart must not begin before. */
        private Future<JsonNode> restart() {
            Promise<JsonNode> p = Promise.promise();
            timer.schedule(() -> {
                log.add("end " + name);
                if (failRestart) {
                    p.fail(new RpcException(ErrorCode.FAILED, "worker 1 did not come online"));
                } else {
                    p.complete(json("{\"replaced\":[1],\"started\":[9]}"));
                }
            }, 50, TimeUnit.MILLISECONDS);
            return p.future();
        }
    }

    private static JsonNode json(String text) {
        try {
            return JsonTree.read(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** b and c through their tables; a silent node answers after the timeout, as the real link does. */
    private final class FakeFleet implements Fleet {
        private final Map<String, FakeNode> others = Map.of("b", b, "c", c);
        /** callRows answers rows as text, sorted by id, as the cluster's link does. */
        volatile boolean unread;

        @Override
        public String self() {
            return "a";
        }

        @Override
        public List<NodeView> nodes() {
            return List.of(new NodeView("a", "127.0.0.1:7710", "1", 0, true),
                    new NodeView("b", "127.0.0.1:7711", "1", 0, false),
                    new NodeView("c", "127.0.0.1:7712", "1", 0, false));
        }

        @Override
        public Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs) {
            FakeNode n = others.get(node);
            if (n == null) {
                return Future.failedFuture(new RpcException(ErrorCode.NODE_UNKNOWN, "no node " + node));
            }
            if (n.silent) {
                Promise<JsonNode> p = Promise.promise();
                timer.schedule(() -> p.fail(new RpcException(ErrorCode.TIMEOUT, "node " + node
                        + " did not answer within " + timeoutMs + " ms")), timeoutMs, TimeUnit.MILLISECONDS);
                return p.future();
            }
            Method<?, ?> m = MethodCatalog.find(method).orElseThrow();
            return n.answer(m, params);
        }

        @Override
        public Future<JsonNode> callRows(String node, String method, JsonNode params, Access access, long timeoutMs,
                                         String key) {
            return call(node, method, params, access, timeoutMs).map(r -> {
                if (!unread || !r.path(key).isArray()) {
                    return r;
                }
                List<JsonNode> rows = new java.util.ArrayList<>();
                r.get(key).forEach(rows::add);
                rows.sort(java.util.Comparator.comparingLong(x -> x.path("id").asLong()));
                ObjectNode o = ((ObjectNode) r).deepCopy();
                o.set(key, JsonTree.raw(JsonTree.write(JsonNodeFactory.instance.arrayNode().addAll(rows))));
                return o;
            });
        }

        @Override
        public Runnable onEvent(Consumer<LifecycleEvent> listener) {
            return () -> { };
        }

        @Override
        public Runnable onNodes(Consumer<NodeChange> listener) {
            return () -> { };
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }
}
