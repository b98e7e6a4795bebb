package zpm.agent.rpc;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zpm.protocol.api.AppCalls;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.jsonrpc.JsonRpcCodec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * agent.quit's quit starts once its answer is written, on the connection's own path (no timer):
 * the session writes the reply, then runs what waited for it; even when the caller has gone.
 */
class AfterAnswerTest {

    private final Vertx vertx = Vertx.vertx();
    /** What happened, in order: "write ..." for each text written, "quit" when the quit ran. */
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Every method answers {"called": name} as JSON; agent.quit also quits after its answer. */
    private final RpcMethods methods = new RpcMethods() {
        @Override
        public List<MethodHandler> handlers(ConnectionMethods connection) {
            List<MethodHandler> all = new ArrayList<>();
            for (Method<?, ?> m : MethodCatalog.all()) {
                MethodHandler h = MethodHandler.ofJson(m, p -> Future.succeededFuture(
                        RawClient.JSON.createObjectNode().put("called", m.name())));
                all.add(m == AppCalls.QUIT ? h.thenAfterAnswer(() -> seen.add("quit")) : h);
            }
            return all;
        }

        @Override
        public boolean quitting() {
            return false;
        }
    };

    private List<String> run(String text, boolean closedFirst) throws Exception {
        RpcDispatcher dispatcher = new RpcDispatcher(new JsonRpcCodec(), methods, null, RpcLimits.DEFAULTS);
        Context ctx = vertx.getOrCreateContext();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            Session session = new Session("127.0.0.1", "127.0.0.1:1", ctx, new Recording(), Access.FULL, 8);
            session.requestStarted();
            if (closedFirst) {
                session.closed();
            }
            Promise<Void> finished = Promise.promise();
            dispatcher.handle(session, text).onSuccess(reply -> {
                session.requestFinished(reply);
                finished.complete();
            });
            finished.future().onComplete(r -> done.complete(List.copyOf(seen)));
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void quitRunsOnceItsAnswerIsWritten() throws Exception {
        assertThat(run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"agent.quit\"}", false)).containsExactly(
                "write {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"called\":\"agent.quit\"}}", "quit");
    }

    @Test
    void inABatchQuitRunsAfterTheWholeAnswer() throws Exception {
        List<String> seen = run("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"agent.quit\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"status\"}]", false);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("write [").contains("\"id\":2");
        assertThat(seen.get(1)).isEqualTo("quit");
    }

    @Test
    void quitRunsEvenWhenTheCallerHasGone() throws Exception {
        assertThat(run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"agent.quit\"}", true)).containsExactly("quit");
    }

    @Test
    void otherMethodsRunNothingAfterTheirAnswer() throws Exception {
        assertThat(run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}", false)).containsExactly(
                "write {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"called\":\"status\"}}");
    }

    /** Records writes in {@link #seen}; pushes nothing. */
    private final class Recording extends HttpRpcServer.NoPush {
        @Override
        public void write(String jsonText) {
            seen.add("write " + jsonText);
        }
    }
}
