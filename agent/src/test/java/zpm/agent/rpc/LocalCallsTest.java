package zpm.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

/** One method run without a connection, as another node's call runs here: admission, refusals, results. */
class LocalCallsTest {

    /** Calls that reached a handler, by name. */
    private final List<String> ran = new ArrayList<>();
    private final AtomicInteger quits = new AtomicInteger();
    private boolean quitting;

    /** The table as AgentMethods binds it: the connection's methods to {@code connection}, the rest answered here. */
    private final RpcMethods methods = new RpcMethods() {
        @Override
        public List<MethodHandler> handlers(ConnectionMethods connection) {
            return FakeMethods.table(connection, LocalCallsTest.this::answer, quits::incrementAndGet);
        }

        @Override
        public boolean quitting() {
            return quitting;
        }
    };

    private Future<JsonNode> answer(String method, JsonNode params) {
        ran.add(method);
        if (method.equals("signal")) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "bad signal");
        }
        if (method.equals("agent.info")) {
            throw new IllegalStateException("a bug");
        }
        com.fasterxml.jackson.databind.node.ObjectNode r = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("called", method);
        r.set("params", params);
        return Future.succeededFuture(r);
    }

    private final LocalCalls calls = new LocalCalls(methods);

    private static RpcException failure(Future<JsonNode> f) {
        assertThat(f.failed()).as("failed: %s", f).isTrue();
        assertThat(f.cause()).isInstanceOf(RpcException.class);
        return (RpcException) f.cause();
    }

    @Test
    void aMethodAnswersItsResultJson() throws Exception {
        JsonNode params = JsonTree.read("{\"target\": \"web\"}");
        Future<JsonNode> f = calls.call("status", params, Access.READ_ONLY);
        assertThat(JsonTree.write(f.result())).isEqualTo("{\"called\":\"status\",\"params\":{\"target\":\"web\"}}");
    }

    @Test
    void readOnlyStaysReadOnlyAndNothingChangesOnceTheAgentQuits() {
        RpcException forbidden = failure(calls.call(WorkerCalls.RESIZE.name(), null, Access.READ_ONLY));
        assertThat(forbidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(forbidden.getMessage()).contains("\"resize\" changes the agent and this token is read-only");
        assertThat(failure(calls.call("status", null, Access.DENIED)).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        quitting = true;
        assertThat(failure(calls.call("restart", null, Access.FULL)).code()).isEqualTo(ErrorCode.SHUTTING_DOWN);
        assertThat(calls.call("status", null, Access.FULL).succeeded()).isTrue();
        assertThat(ran).containsExactly("status");
    }

    @Test
    void whatTheConnectionAnswersIsRefused() {
        for (String m : List.of("auth", "events.subscribe", "events.unsubscribe", "logs", "agent.rotateTokens")) {
            RpcException e = failure(calls.call(m, null, Access.FULL));
            assertThat(e.code()).as(m).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("\"" + m + "\" acts on the caller's own connection and is not run"
                    + " for another node: connect to that node's agent for it");
        }
        assertThat(failure(calls.call("nope", null, Access.FULL)).getMessage()).startsWith("method \"nope\" not found");
        assertThat(ran).isEmpty();
    }

    @Test
    void failuresAreTheErrorsADirectCallerGets() {
        assertThat(failure(calls.call("signal", null, Access.FULL)).getMessage()).isEqualTo("bad signal");
        RpcException bug = failure(calls.call("agent.info", null, Access.FULL));
        assertThat(bug.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(bug.getMessage()).startsWith("internal error (see the agent log, ref ");
    }

    @Test
    void agentQuitQuitsOnceAnswered() {
        assertThat(calls.call("agent.quit", null, Access.FULL).succeeded()).isTrue();
        assertThat(quits).hasValue(1);
    }
}
