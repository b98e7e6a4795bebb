package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.config.HostPort;
import zpm.agent.local.Agent;
import zpm.protocol.api.Method;
import zpm.protocol.api.MethodCatalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON-RPC over TCP against a real agent: auth, every error code, batches, limits. */
class TcpRpcIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        fx = RpcFixture.start(state);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static int code(JsonNode response) {
        return response.path("error").path("code").asInt();
    }

    @Test
    void aWrongTokenIsUnauthorizedAndTheRightOnesAuthenticate() {
        try (RawClient c = fx.client()) {
            JsonNode bad = c.auth("not-the-token");
            assertThat(code(bad)).isEqualTo(-32001);
            assertThat(bad.toString()).doesNotContain(fx.token);
            assertThat(c.auth(fx.token).get("result").toString()).isEqualTo("{\"ok\":true,\"readOnly\":false}");
        }
        try (RawClient c = fx.client()) {
            assertThat(c.auth(fx.readOnlyToken).get("result").toString()).isEqualTo("{\"ok\":true,\"readOnly\":true}");
            assertThat(c.result("status", null).get("workers")).hasSize(2);
        }
    }

    @Test
    void beforeAuthEveryMethodIsUnauthorizedAndDoesNothing() {
        int before = fx.methods.calls.get();
        try (RawClient c = fx.client()) {
            for (String m : List.of("status", "resize", "events.subscribe", "logs", "agent.quit", "nope")) {
                JsonNode r = c.call(m, null);
                assertThat(code(r)).as(m).isEqualTo(-32001);
                assertThat(r.path("error").path("message").asText()).contains("call auth");
            }
        }
        assertThat(fx.methods.calls.get()).isEqualTo(before);
    }

    @Test
    void textThatIsNotJsonIsAParseErrorAndTheConnectionStaysUsable() {
        try (RawClient c = fx.authed()) {
            c.send("{\"jsonrpc\": \"2.0\", \"method\": ");
            JsonNode r = c.readResponse();
            assertThat(code(r)).isEqualTo(-32700);
            assertThat(r.get("id").isNull()).isTrue();
            assertThat(c.result("status", null).get("workers")).hasSize(2);
        }
    }

    @Test
    void invalidRequestsUnknownMethodsAndBadParamsHaveTheirCodes() {
        try (RawClient c = fx.authed()) {
            c.send("{\"jsonrpc\":\"2.0\",\"id\":7}");
            JsonNode invalid = c.readResponse();
            assertThat(code(invalid)).isEqualTo(-32600);
            assertThat(invalid.get("id").asInt()).isEqualTo(7);

            JsonNode unknown = c.call("nope", null);
            assertThat(code(unknown)).isEqualTo(-32601);
            assertThat(unknown.path("error").path("message").asText())
                    .startsWith("method \"nope\" not found; methods: auth, agent.info, status");

            JsonNode params = c.call("resize", "{\"app\":\"sleepy\"}");
            assertThat(code(params)).isEqualTo(-32602);
            assertThat(params.path("error").path("data").path("param").asText()).isEqualTo("size");
            assertThat(code(c.call("logs", "{\"lines\":\"many\"}"))).isEqualTo(-32602);
            assertThat(code(c.call("resize", "{\"app\":\"ghost\",\"size\":1}"))).isEqualTo(-32010);
        }
    }

    @Test
    void aFailingMethodIsAnInternalErrorWithALogReferenceAndNoStackTrace() {
        try (RawClient c = fx.authed()) {
            JsonNode r = c.call("agent.info", null);
            assertThat(code(r)).isEqualTo(-32603);
            assertThat(r.path("error").path("message").asText()).matches("internal error \\(see the agent log, ref \\d+\\)");
            assertThat(r.path("error").has("data")).isFalse();
            assertThat(r.toString()).doesNotContain("Exception", "at zpm.");
        }
    }

    @Test
    void aReadOnlyTokenIsRefusedEveryMutatingMethodOfTheCatalog() {
        int before = fx.methods.calls.get();
        List<String> mutating = MethodCatalog.all().stream().filter(Method::mutating)
                .map(Method::name).toList();
        assertThat(mutating).contains("restart", "resize", "apps.start", "agent.quit");
        try (RawClient c = fx.client()) {
            c.auth(fx.readOnlyToken);
            for (String m : mutating) {
                JsonNode r = c.call(m, "{}");
                assertThat(code(r)).as(m).isEqualTo(-32003);
            }
            assertThat(fx.methods.calls.get()).isEqualTo(before);
            assertThat(c.result("connections", null).get("called").asText()).isEqualTo("connections");
        }
    }

    @Test
    void agentQuitQuitsOnceItsAnswerIsSentAndAReadOnlyTokenCannotQuit() {
        int before = fx.methods.quits.get();
        try (RawClient c = fx.client()) {
            c.auth(fx.readOnlyToken);
            assertThat(code(c.call("agent.quit", null))).isEqualTo(-32003);
        }
        try (RawClient c = fx.authed()) {
            assertThat(fx.methods.quits.get()).as("a refused quit runs nothing").isEqualTo(before);
            assertThat(c.result("agent.quit", null).get("called").asText()).isEqualTo("agent.quit");
            Await.until("the quit ran", () -> fx.methods.quits.get() == before + 1);
        }
    }

    @Test
    void anOverLongLineIsRefusedNamingTheLimitAndTheConnectionStaysUsable() {
        try (RawClient c = fx.authed()) {
            byte[] line = new byte[RpcLimits.MAX_LINE_BYTES + 10];
            Arrays.fill(line, (byte) 'x');
            line[line.length - 1] = '\n';
            c.sendRaw(line);
            JsonNode r = c.readResponse();
            assertThat(code(r)).isEqualTo(-32004);
            assertThat(r.get("id").isNull()).isTrue();
            assertThat(r.path("error").path("message").asText()).contains("1 MiB");
            assertThat(c.result("status", null).get("workers")).hasSize(2);
        }
    }

    @Test
    void aBatchOverTheLimitIsRefused() {
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int i = 0; i <= RpcLimits.MAX_BATCH; i++) {
            batch.add(RawClient.request(i, "status", null));
        }
        try (RawClient c = fx.authed()) {
            c.send(batch.toString());
            JsonNode r = c.readResponse();
            assertThat(code(r)).isEqualTo(-32004);
            assertThat(r.path("error").path("message").asText()).contains("101").contains("100");
        }
    }

    @Test
    void aBatchIsAnsweredEntryByEntryAndItsNotificationsNotAtAll() {
        try (RawClient c = fx.authed()) {
            c.send("[" + RawClient.request(1, "status", null) + "," + RawClient.notification("connections", null)
                    + "," + RawClient.request("b", "nope", null) + ",42]");
            JsonNode r = c.readResponse();
            assertThat(r.isArray()).isTrue();
            assertThat(r).hasSize(3);
            assertThat(r.get(0).get("id").asInt()).isEqualTo(1);
            assertThat(r.get(0).get("result").get("workers")).hasSize(2);
            assertThat(r.get(1).get("id").asText()).isEqualTo("b");
            assertThat(code(r.get(1))).isEqualTo(-32601);
            assertThat(code(r.get(2))).isEqualTo(-32600);

            c.send("[" + RawClient.notification("status", null) + "," + RawClient.notification("connections", null) + "]");
            c.send(RawClient.notification("status", null));
            // Nothing came for those: the next line is the answer to this request.
            assertThat(c.call("connections", null).get("result").get("called").asText()).isEqualTo("connections");
        }
    }

    @Test
    void anUnauthenticatedConnectionIsClosedAfterTheTimeoutAndAnAuthenticatedOneIsNot() {
        try (RawClient idle = fx.client(); RawClient authed = fx.authed()) {
            JsonNode r = idle.read();
            assertThat(code(r)).isEqualTo(-32001);
            assertThat(r.path("error").path("message").asText()).contains("not authenticated within 300 ms");
            assertThat(idle.read()).isNull();
            assertThat(authed.result("status", null).get("workers")).hasSize(2);
        }
    }

    @Test
    void fiveFailedAuthsCloseTheConnectionAndSlowDownTheAddress() {
        try (RawClient c = fx.client()) {
            for (int i = 1; i <= 4; i++) {
                assertThat(code(c.auth("wrong-" + i))).isEqualTo(-32001);
            }
            JsonNode last = c.auth("wrong-5");
            assertThat(last.path("error").path("message").asText()).contains("closing the connection");
            assertThat(c.read()).isNull();
        }
        try (RawClient c = fx.client()) {
            long t0 = System.nanoTime();
            assertThat(c.auth("wrong-6").path("error").path("code").asInt()).isEqualTo(-32001);
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200);
            // The right token is never slowed down (issue 11), and forgives the address.
            assertThat(c.auth(fx.token).path("result").path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void theConnectionPastTheLimitGetsOneErrorLineAndIsClosed() throws Exception {
        RpcServers small = Agent.await(RpcServers.start(fx.vertx, fx.agent, RpcFixture.settings(state), fx.methods,
                new RpcOptions(RpcFixture.TEST_LIMITS.withMaxConnections(4), null, fx.servers.history())), 30);
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawClient c = RawClient.connect(small.tcpPort());
                c.auth(fx.token);
                open.add(c);
            }
            try (RawClient extra = RawClient.connect(small.tcpPort())) {
                JsonNode r = extra.read();
                assertThat(code(r)).isEqualTo(-32004);
                assertThat(r.path("error").path("message").asText()).contains("too many connections (the limit is 4)");
                assertThat(extra.read()).isNull();
            }
            open.remove(0).close();
            Await.until("a connection accepted again", () -> {
                try (RawClient again = RawClient.connect(small.tcpPort())) {
                    return again.auth(fx.token).has("result");
                } catch (AssertionError e) {
                    return false;
                }
            });
        } finally {
            open.forEach(RawClient::close);
            Agent.await(small.close(), 30);
        }
    }

    @Test
    void aPortInUseFailsTheStartWithAClearMessage() {
        HostPort taken = new HostPort("127.0.0.1", fx.servers.tcpPort());
        assertThatThrownBy(() -> Agent.await(RpcServers.start(fx.vertx, fx.agent,
                RpcFixture.settings(state).withRpc(taken), fx.methods), 30))
                .hasMessage(taken + " is already in use (another agent?); choose another with --rpc HOST:PORT");
        HostPort takenHttp = new HostPort("127.0.0.1", fx.servers.httpPort());
        assertThatThrownBy(() -> Agent.await(RpcServers.start(fx.vertx, fx.agent,
                RpcFixture.settings(state).withHttp(takenHttp), fx.methods), 30))
                .hasMessage(takenHttp + " is already in use (another agent?); choose another with --http HOST:PORT");
    }

    @Test
    void utf8TextsTravelIntact() {
        try (RawClient c = fx.authed()) {
            JsonNode r = c.call("nope-é-日本", null);
            assertThat(r.path("error").path("message").asText()).startsWith("method \"nope-é-日本\" not found");
        }
    }

    @Test
    void aClientThatPipelinesThousandsOfRequestsGetsEveryAnswer() throws Exception {
        int n = 3000;
        try (RawClient c = fx.authed()) {
            Thread writer = new Thread(() -> {
                for (int i = 1; i <= n; i++) {
                    c.send(RawClient.request(i, i % 2 == 0 ? "status" : "connections", null));
                }
            });
            writer.start();
            java.util.BitSet seen = new java.util.BitSet();
            for (int i = 0; i < n; i++) {
                JsonNode r = c.readResponse();
                assertThat(r.has("result")).as(r.toString()).isTrue();
                seen.set(r.get("id").asInt());
            }
            writer.join(30_000);
            assertThat(seen.cardinality()).isEqualTo(n);
        }
    }
}
