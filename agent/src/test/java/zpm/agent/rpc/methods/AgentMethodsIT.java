package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.local.Agent;
import zpm.agent.state.RuntimeApps;
import zpm.agent.rpc.Access;
import zpm.agent.rpc.MethodHandler;
import zpm.agent.rpc.RpcErrors;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain methods against a real agent with real workers, called as the transports call them. */
class AgentMethodsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger quits = new AtomicInteger();
    private Agent agent;
    private AgentMethods methods;
    private RuntimeApps kept;
    private final List<Long> pids = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        agent = Agent.await(Agent.start(vertx, state, List.of(AppSpec.of("sleepy", 2, List.of("sleep", "100000")))), 30);
        kept = RuntimeApps.loadBlocking(vertx, state, agent.stateDirHealth());
        methods = new AgentMethods(vertx, agent, kept, new AgentInfo("127.0.0.1:7700", "127.0.0.1:7701", () -> 7),
                quits::incrementAndGet);
        Await.online(agent, 2);
    }

    @AfterEach
    void stop() {
        methods.close();
        Agent.await(agent.quit(), 60);
        Agent.await(vertx.close(), 30);
        pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** As the dispatcher calls a method: admitted by its descriptor, then its handler; failures as the wire shows them. */
    private JsonNode call(String method, String params) throws Exception {
        MethodHandler h = handlers().get(method);
        Future<JsonNode> f;
        try {
            h.admit(Access.FULL, methods.quitting());
            f = h.call(null, params == null ? null : JSON.readTree(params));
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f = f.recover(e -> Future.failedFuture(new RpcException(RpcErrors.of(e, method))))
                .onSuccess(ok -> {
                    if (h.afterAnswer() != null) {
                        h.afterAnswer().run();
                    }
                });
        JsonNode r = Agent.await(f, 60);
        r.findValues("pid").forEach(p -> {
            if (p.isNumber() && p.asLong() != ProcessHandle.current().pid()) {
                pids.add(p.asLong());
            }
        });
        return r;
    }

    private RpcException error(String method, String params) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> call(method, params)).isInstanceOfSatisfying(RpcException.class, e -> caught[0] = e);
        return (RpcException) caught[0];
    }

    private Map<String, MethodHandler> handlers() {
        Map<String, MethodHandler> byName = new HashMap<>();
        methods.handlers(MethodTableTest.NO_CONNECTION).forEach(h -> byName.put(h.method().name(), h));
        return byName;
    }

    @Test
    void statusListsEveryWorkerWithItsProcessNumbers() throws Exception {
        JsonNode workers = call("status", null).get("workers");
        assertThat(workers).hasSize(2);
        JsonNode w = workers.get(0);
        assertThat(w.get("app").asText()).isEqualTo("sleepy");
        assertThat(w.get("state").asText()).isEqualTo("online");
        assertThat(w.get("pid").asLong()).isPositive();
        assertThat(w.get("rssBytes").asLong()).as("sampled from /proc").isPositive();
        assertThat(w.has("cpu")).isTrue();
        assertThat(w.get("restarts").asInt()).isZero();
        assertThat(w.get("lastExit").isNull()).isTrue();
        // Every answer has a CPU figure: the first an average since the worker started, later ones a rate.
        JsonNode later = Await.until("a cpu figure", () -> {
            try {
                JsonNode again = call("status", "{\"target\": \"sleepy\"}").get("workers").get(0);
                return again.get("cpu").isNumber() ? again : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(later.get("cpu").asDouble()).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void targetsSelectAppsAndIds() throws Exception {
        long id = call("status", null).get("workers").get(1).get("id").asLong();
        assertThat(call("status", "{\"target\": " + id + "}").get("workers")).hasSize(1);
        assertThat(call("status", "{\"target\": [" + id + "]}").get("workers").get(0).get("id").asLong()).isEqualTo(id);
        assertThat(call("status", "{\"target\": \"all\"}").get("workers")).hasSize(2);
        assertThat(error("status", "{\"target\": \"nope\"}").code()).isEqualTo(ErrorCode.UNKNOWN_APP);
        assertThat(error("status", "{\"target\": 999}").code()).isEqualTo(ErrorCode.UNKNOWN_WORKER);
        RpcException bad = error("status", "{\"target\": {\"x\": 1}}");
        assertThat(bad.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(bad.getMessage()).contains("target").contains("app name");
    }

    @Test
    void wrongParamsNameTheParamAndTheTypeExpected() {
        RpcException missing = error("resize", "{\"app\": \"sleepy\"}");
        assertThat(missing.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(missing.getMessage()).contains("\"size\"").contains("integer");
        RpcException type = error("resize", "{\"app\": \"sleepy\", \"size\": \"three\"}");
        assertThat(type.getMessage()).contains("\"size\"").contains("\"three\"");
        RpcException unknown = error("status", "{\"taget\": 1}");
        assertThat(unknown.getMessage()).contains("taget").contains("target");
        assertThat(error("signal", "{\"signal\": \"NOPE\"}").getMessage()).contains("TERM");
        assertThat(error("resize", "{\"app\": \"ghost\", \"size\": 1}").code()).isEqualTo(ErrorCode.UNKNOWN_APP);
    }

    @Test
    void resizeAnswersWhenTheSizeIsReached() throws Exception {
        JsonNode app = call("resize", "{\"app\": \"sleepy\", \"size\": 3}").get("app");
        assertThat(app.get("size").asInt()).isEqualTo(3);
        assertThat(app.get("online").asInt()).isEqualTo(3);
        assertThat(call("sub", "{\"app\": \"sleepy\"}").get("app").get("workers").asInt()).isEqualTo(2);
        assertThat(call("add", "{\"app\": \"sleepy\", \"n\": 2}").get("app").get("online").asInt()).isEqualTo(4);
    }

    @Test
    void restartAnswersWithTheReplacedAndStartedIds() throws Exception {
        List<Long> before = Agent.await(agent.status(Target.ALL), 10).stream().map(WorkerInfo::id).toList();
        JsonNode r = call("restart", "{\"target\": \"sleepy\"}");
        assertThat(r.get("replaced")).extracting(JsonNode::asLong).containsExactlyElementsOf(before);
        assertThat(r.get("started")).hasSize(2);
    }

    @Test
    void aLongOperationPastItsTimeoutAnswersTimeoutAndGoesOn() throws Exception {
        call("apps.start", "{\"app\": {\"name\": \"slow\", \"command\": [\"sh\", \"-c\", \"sleep 100000\"],"
                + " \"readiness\": {\"type\": \"exec\", \"command\": [\"sh\", \"-c\", \"exit 1\"], \"timeoutMs\": 60000},"
                + " \"size\": 0}}");
        RpcException e = error("resize", "{\"app\": \"slow\", \"size\": 1, \"timeout\": 300}");
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(e.getMessage()).contains("300 ms").contains("goes on");
        assertThat(call("status", "{\"target\": \"slow\"}").get("workers").get(0).get("state").asText())
                .isEqualTo("starting");
    }

    @Test
    void shutdownAndSignal() throws Exception {
        long id = call("status", null).get("workers").get(0).get("id").asLong();
        JsonNode sig = call("signal", "{\"signal\": \"CONT\", \"target\": " + id + "}");
        assertThat(sig.get("signalled")).extracting(JsonNode::asLong).containsExactly(id);
        assertThat(call("shutdown", "{\"target\": [" + id + "]}").get("stopped")).extracting(JsonNode::asLong)
                .containsExactly(id);
        assertThat(call("status", "{\"target\": " + id + "}").get("workers").get(0).get("state").asText())
                .isEqualTo("exited");
        assertThat(call("terminate", "{\"target\": \"sleepy\"}").get("stopped")).hasSize(2);
    }

    @Test
    void appsStartedAtRunTimeAreKeptInTheStateDirectory() throws Exception {
        RpcException bad = error("apps.start", "{\"app\": {\"name\": \"x\", \"command\": [], \"sise\": 1}}");
        assertThat(bad.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(bad.error().data().get("problems").toString()).contains("command").contains("sise");

        JsonNode started = call("apps.start", "{\"app\": {\"name\": \"extra\", \"command\": [\"sleep\", \"100000\"], \"size\": 2}}");
        assertThat(started.get("app").get("online").asInt()).isEqualTo(2);
        assertThat(error("apps.start", "{\"app\": {\"name\": \"extra\", \"command\": [\"sleep\", \"1\"]}}").code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(call("apps.list", null).get("apps")).extracting(a -> a.get("name").asText())
                .containsExactly("sleepy", "extra");
        RuntimeApps reread = RuntimeApps.loadBlocking(vertx, state);
        assertThat(reread.entries()).extracting(RuntimeApps.Entry::name).containsExactly("extra");
        assertThat(reread.entries().get(0).app().get("command").get(0).asText()).isEqualTo("sleep");

        assertThat(call("apps.stop", "{\"app\": \"extra\"}").get("app").get("state").asText()).isEqualTo("stopped");
        assertThat(RuntimeApps.loadBlocking(vertx, state).entries().get(0).stopped()).isTrue();
        assertThat(call("apps.delete", "{\"app\": \"extra\"}").get("deleted").asText()).isEqualTo("extra");
        assertThat(RuntimeApps.loadBlocking(vertx, state).entries()).isEmpty();
        assertThat(Files.readString(state.resolve("apps.json"))).doesNotContain("extra");
    }

    @Test
    void appsStartRefusesASizeBeyondTheLimitOfWorkersPerApp() throws Exception {
        RpcException e = error("apps.start", "{\"app\": {\"name\": \"huge\", \"command\": [\"sleep\", \"1\"], \"size\": 100000}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).contains("param \"app\"").contains("app.size: must be at most 10000").contains("100000");
        assertThat(call("apps.list", null).get("apps")).extracting(a -> a.get("name").asText()).containsExactly("sleepy");
    }

    @Test
    void theSpecInAppsListCanBeFedBackToAppsStart() throws Exception {
        JsonNode spec = call("apps.list", null).get("apps").get(0).get("spec");
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("name", "copy");
        JsonNode copy = call("apps.start", "{\"app\": " + spec + "}").get("app");
        com.fasterxml.jackson.databind.node.ObjectNode copied = copy.get("spec").deepCopy();
        assertThat(copied).isEqualTo(spec);
    }

    /** A worker that ignores TERM and leaves on USR2: its app's stopSignal ends it well before the kill timeout. */
    @Test
    void theStopSignalOfAnAppEndsAWorkerThatIgnoresTermAndRoundTripsThroughAppsJson() throws Exception {
        Path ready = state.resolve("usr2.ready");
        String script = "trap '' TERM; trap 'exit 0' USR2; touch " + ready + "; while :; do sleep 0.2; done";
        JsonNode app = JSON.createObjectNode().put("name", "usr2").put("killTimeout", 60_000).put("stopSignal", "SIGUSR2")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("command", JSON.valueToTree(List.of("sh", "-c", script)))
                .set("readiness", JSON.valueToTree(Map.of("type", "exec", "command", List.of("test", "-f", ready.toString()))));
        JsonNode started = call("apps.start", "{\"app\": " + app + "}").get("app");
        assertThat(started.get("spec").get("stopSignal").asText()).isEqualTo("USR2");
        assertThat(call("apps.list", null).get("apps").get(1).get("spec").get("stopSignal").asText()).isEqualTo("USR2");
        JsonNode kept = RuntimeApps.loadBlocking(vertx, state).entries().get(0).app();
        assertThat(new zpm.agent.config.ConfigLoader().parseApp(kept, "app", null).stopSignal())
                .isEqualTo(zpm.agent.core.Signal.USR2);

        List<LifecycleEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Agent.await(vertx.eventBus().<LifecycleEvent>consumer("zpm.events.usr2", m -> events.add(m.body())).completion(), 10);
        assertThat(call("shutdown", "{\"target\": \"usr2\"}").get("stopped")).hasSize(1);
        LifecycleEvent.Exit exit = Await.until("the exit event", () -> events.stream()
                .filter(e -> e instanceof LifecycleEvent.Exit).map(LifecycleEvent.Exit.class::cast).findFirst().orElse(null));
        assertThat(exit.code()).as("its own exit 0, not the SIGKILL after 60 s: %s", exit).isZero();
        assertThat(exit.signal()).isNull();
        assertThat(exit.expected()).isTrue();
    }

    @Test
    void agentInfoSaysWhoAndWhereTheAgentIs() throws Exception {
        JsonNode info = call("agent.info", null);
        assertThat(info.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(info.get("version").asText()).isNotBlank();
        assertThat(info.get("rssBytes").asLong()).isPositive();
        assertThat(info.get("tcpMigrate").get("allowed").asBoolean()).as("off unless the operator allows it").isFalse();
        assertThat(info.get("tcpMigrate").has("sysctl")).isTrue();
        assertThat(info.get("apps")).extracting(JsonNode::asText).containsExactly("sleepy");
        assertThat(info.get("workers").asInt()).isEqualTo(2);
        assertThat(info.get("rpc").asText()).isEqualTo("127.0.0.1:7700");
        assertThat(info.get("droppedEvents").asLong()).isEqualTo(7);
        assertThat(info.get("uptimeMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(info.get("stateDirProblems")).isEmpty();
        zpm.agent.os.CgroupSupport cgroups = zpm.agent.os.CgroupSupport.systemBlocking();
        JsonNode tracking = info.get("processTracking");
        assertThat(tracking.get("mode").asText()).as("what this machine allows").isEqualTo(cgroups.tracking());
        assertThat(tracking.get("cgroup").isNull()).isEqualTo(cgroups.tracking().equals("process-group"));
        assertThat(tracking.get("limitControllers").toString())
                .isEqualTo(zpm.protocol.jsonrpc.JsonTree.write(zpm.protocol.jsonrpc.JsonTree.of(
                        new java.util.TreeMap<>(cgroups.controllers()))));
    }

    @Test
    void anUnwritableAppsFileRefusesEachChangeTruthfullyAndChangesNothing() throws Exception {
        call("apps.start", "{\"app\": {\"name\": \"extra\", \"command\": [\"sleep\", \"100000\"]}}");
        String before = Files.readString(state.resolve("apps.json"));
        Path blocker = Files.createDirectories(state.resolve("apps.json.tmp/in-the-way")); // no new file can replace apps.json

        RpcException start = error("apps.start", "{\"app\": {\"name\": \"late\", \"command\": [\"sleep\", \"1\"]}}");
        RpcException stop = error("apps.stop", "{\"app\": \"extra\"}");
        RpcException delete = error("apps.delete", "{\"app\": \"extra\"}");

        for (RpcException e : List.of(start, stop, delete)) {
            assertThat(e.code()).isEqualTo(ErrorCode.FAILED);
            assertThat(e.getMessage()).contains(state.resolve("apps.json") + " could not be written")
                    .contains("nothing was changed");
        }
        assertThat(call("apps.list", null).get("apps")).extracting(a -> a.get("name").asText() + "=" + a.get("state").asText())
                .containsExactly("sleepy=running", "extra=running");
        assertThat(Files.readString(state.resolve("apps.json"))).isEqualTo(before);
        assertThat(call("agent.info", null).get("stateDirProblems").toString()).contains("apps.json could not be written");

        Files.delete(blocker);
        assertThat(call("apps.delete", "{\"app\": \"extra\"}").get("deleted").asText()).isEqualTo("extra");
        assertThat(call("agent.info", null).get("stateDirProblems")).isEmpty();
    }

    @Test
    void aStalePidsFileIsReportedUntilItCanBeWrittenAgain() throws Exception {
        // The agent may be writing pids.json.tmp as a file right now: block its path once it is free.
        Path blocker = Await.until("pids.json.tmp free to block", () -> {
            try {
                return Files.createDirectories(state.resolve("pids.json.tmp/in-the-way"));
            } catch (FileSystemException midWrite) { // exists, gone, or a file where a directory was meant
                return null; // the agent's write and rename of its temporary file raced ours: try again
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        call("resize", "{\"app\": \"sleepy\", \"size\": 3}");

        Await.until("pids.json reported stale", () -> {
            try {
                return call("agent.info", null).get("stateDirProblems").toString().contains("pids.json could not be written");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Files.delete(blocker);
        call("resize", "{\"app\": \"sleepy\", \"size\": 2}");
        Await.until("pids.json written again", () -> {
            try {
                return call("agent.info", null).get("stateDirProblems").isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void connectionsCountsTheClientsAWorkerAccepted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        call("apps.start", "{\"app\": {\"name\": \"web\", \"command\": [\"sh\", \"-c\","
                + " \"exec python3 -m http.server $PORT --bind 127.0.0.1\"], \"port\": " + port + ","
                + " \"readiness\": {\"type\": \"tcp\"}}}");
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            JsonNode c = Await.until("two connections seen", () -> {
                try {
                    JsonNode r = call("connections", "{\"target\": \"web\"}");
                    return r.get("total").asInt() == 2 ? r : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(c.get("workers").get(0).get("ports")).extracting(JsonNode::asInt).containsExactly(port);
        }
        Await.until("connections back to zero", () -> {
            try {
                return call("connections", "{\"target\": \"web\"}").get("total").asInt() == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void agentQuitAnswersThenAsksTheAgentToQuitAndChangesAreRefusedFromThen() throws Exception {
        assertThat(call("agent.quit", null).get("quitting").asBoolean()).isTrue();
        RpcException refused = error("resize", "{\"app\": \"sleepy\", \"size\": 3}");
        assertThat(refused.code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
        assertThat(call("status", null).get("workers")).as("reads still answered").hasSize(2);
        Await.until("the quit hook ran", Duration.ofSeconds(10), () -> quits.get() == 1);
    }

    @Test
    void anAppWhoseCommandCannotStartIsASpawnFailure() {
        RpcException e = error("apps.start", "{\"app\": {\"name\": \"ghost\", \"command\": [\"no-such-zpm-command\"]}}");
        assertThat(e.code()).isEqualTo(ErrorCode.SPAWN_FAILED);
        assertThat(e.getMessage()).contains("no-such-zpm-command").contains("resize or restart");
        assertThat(e.error().data().get("app").get("state").asText()).isEqualTo("fatal");
    }
}
