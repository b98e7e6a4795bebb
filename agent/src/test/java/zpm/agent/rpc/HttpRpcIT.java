package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.local.Agent;
import zpm.agent.rpc.HttpClients.Sse;
import zpm.agent.rpc.HttpClients.SseReader;
import zpm.agent.rpc.HttpClients.WsClient;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /rpc, the WebSocket at /rpc and SSE at /events against a real agent. */
class HttpRpcIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        // A generous auth timeout: a socket that authenticates after a throttled wrong token must
        // not be closed by a slow machine. The timeout itself has a test with its own agent.
        fx = RpcFixture.start(state, RpcFixture.TEST_LIMITS.withAuthTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String rpcUrl() {
        return fx.httpBase() + "/rpc";
    }

    private static int code(JsonNode response) {
        return response.path("error").path("code").asInt();
    }

    /** As the agent's EventPublisher does: on zpm.events and on zpm.events.<app>. */
    private static void publish(long seq, String type, String app) {
        InjectedEvents.publish(fx.vertx, InjectedEvents.event(seq, type, app));
    }

    @Test
    void postWithoutOrWithAWrongTokenIs401WithAJsonRpcError() {
        for (String token : new String[] {null, "wrong"}) {
            HttpResponse<String> r = HttpClients.post(rpcUrl(), token, RawClient.request(1, "status", null));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"zpm\"");
            assertThat(code(HttpClients.json(r.body()))).isEqualTo(-32001);
        }
        assertThat(HttpClients.post(rpcUrl(), fx.token, RawClient.request(1, "status", null)).statusCode()).isEqualTo(200);
    }

    @Test
    void postAnswersLikeTcpBatchesIncludedAndNotificationsOnlyWith204() {
        HttpResponse<String> one = HttpClients.post(rpcUrl(), fx.token, RawClient.request(1, "status", null));
        assertThat(one.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(HttpClients.json(one.body()).path("result").path("workers")).hasSize(2);

        HttpResponse<String> batch = HttpClients.post(rpcUrl(), fx.token, "[" + RawClient.request(1, "status", null)
                + "," + RawClient.notification("connections", null) + "," + RawClient.request(2, "nope", null) + "]");
        JsonNode answers = HttpClients.json(batch.body());
        assertThat(answers).hasSize(2);
        assertThat(code(answers.get(1))).isEqualTo(-32601);

        HttpResponse<String> none = HttpClients.post(rpcUrl(), fx.token, RawClient.notification("status", null));
        assertThat(none.statusCode()).isEqualTo(204);
        assertThat(none.body()).isEmpty();

        assertThat(code(HttpClients.json(HttpClients.post(rpcUrl(), fx.token, "{oops").body()))).isEqualTo(-32700);
        assertThat(code(HttpClients.json(HttpClients.post(rpcUrl(), fx.token, "").body()))).isEqualTo(-32700);
        assertThat(code(HttpClients.json(HttpClients.post(rpcUrl(), fx.readOnlyToken,
                RawClient.request(1, "resize", "{\"app\":\"sleepy\",\"size\":1}")).body()))).isEqualTo(-32003);
        JsonNode sub = HttpClients.json(HttpClients.post(rpcUrl(), fx.token,
                RawClient.request(1, "events.subscribe", null)).body());
        assertThat(code(sub)).isEqualTo(-32600);
        assertThat(sub.path("error").path("message").asText()).contains("WebSocket");
    }

    @Test
    void agentQuitQuitsOnceItsAnswerIsSent() {
        int before = fx.methods.quits.get();
        HttpResponse<String> r = HttpClients.post(rpcUrl(), fx.token, RawClient.request(1, "agent.quit", null));
        assertThat(HttpClients.json(r.body()).path("result").path("called").asText()).isEqualTo("agent.quit");
        Await.until("the quit ran", () -> fx.methods.quits.get() == before + 1);
    }

    @Test
    void aBodyOverTheLimitIs413WithALimitError() {
        HttpResponse<String> r = HttpClients.post(rpcUrl(), fx.token, "[" + " ".repeat(RpcLimits.MAX_LINE_BYTES) + "]");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(code(HttpClients.json(r.body()))).isEqualTo(-32004);
    }

    @Test
    void aWebSocketAuthenticatesFirstThenSubscribes() {
        try (WsClient ws = new WsClient("ws://127.0.0.1:" + fx.servers.httpPort() + "/rpc")) {
            assertThat(code(ws.call(RawClient.request(1, "status", null)))).isEqualTo(-32001);
            assertThat(code(ws.call(RawClient.request(9, "auth", "{\"token\":\"wrong\"}")))).isEqualTo(-32001);
            assertThat(ws.call(RawClient.request(2, "auth", "{\"token\":\"" + fx.token + "\"}"))
                    .path("result").path("ok").asBoolean()).isTrue();
            assertThat(ws.call(RawClient.request(3, "status", null)).path("result").path("workers")).hasSize(2);
            String sub = ws.call(RawClient.request(4, "events.subscribe", "{\"app\":\"wsapp\"}"))
                    .path("result").path("subscription").asText();
            publish(5_000_001, "fork", "other");
            publish(5_000_002, "fork", "wsapp");
            JsonNode n = ws.read();
            assertThat(n.path("method").asText()).isEqualTo("event");
            assertThat(n.path("params").path("subscription").asText()).isEqualTo(sub);
            assertThat(n.path("params").path("event").path("seq").asLong()).isEqualTo(5_000_002);
        }
    }

    @Test
    void anOverLongWebSocketMessageIsRefusedAndTheSocketStaysUsable() {
        try (WsClient ws = new WsClient("ws://127.0.0.1:" + fx.servers.httpPort() + "/rpc")) {
            ws.call(RawClient.request(1, "auth", "{\"token\":\"" + fx.token + "\"}"));
            JsonNode r = ws.call("[" + " ".repeat(RpcLimits.MAX_LINE_BYTES) + "]");
            assertThat(code(r)).isEqualTo(-32004);
            assertThat(r.path("error").path("message").asText()).contains("1 MiB");
            assertThat(ws.call(RawClient.request(2, "status", null)).path("result").path("workers")).hasSize(2);
        }
    }

    @Test
    void anUnauthenticatedWebSocketIsClosedAfterTheTimeout(@TempDir Path own) throws Exception {
        RpcFixture quick = RpcFixture.start(own); // TEST_LIMITS: 300 ms to authenticate
        try (WsClient ws = new WsClient("ws://127.0.0.1:" + quick.servers.httpPort() + "/rpc")) {
            JsonNode r = ws.read();
            assertThat(code(r)).isEqualTo(-32001);
            assertThat(r.path("error").path("message").asText()).contains("not authenticated within");
            assertThat(ws.awaitClosed()).isTrue();
        } finally {
            quick.close();
        }
    }

    @Test
    void sseWithoutATokenIs401() {
        try (SseReader sse = new SseReader(fx.httpBase() + "/events", List.of())) {
            assertThat(sse.status).isEqualTo(401);
        }
    }

    @Test
    void sseFiltersByTypeAndAppAndSendsIdEventAndData() {
        String url = fx.httpBase() + "/events?type=probe,exit&app=ssefilter";
        try (SseReader sse = new SseReader(url, List.of("Authorization", "Bearer " + fx.readOnlyToken))) {
            assertThat(sse.status).isEqualTo(200);
            assertThat(sse.poll().comment()).isEqualTo("zpm events");
            // The opening comment comes once the stream's subscription is registered.
            publish(6_000_001, "fork", "ssefilter");
            publish(6_000_002, "probe", "another");
            publish(6_000_003, "probe", "ssefilter");
            Sse got = sse.next();
            assertThat(got.id()).isEqualTo("6000003");
            assertThat(got.event()).isEqualTo("probe");
            JsonNode data = HttpClients.json(got.data());
            assertThat(data.path("app").asText()).isEqualTo("ssefilter");
            assertThat(data.path("seq").asLong()).isEqualTo(Long.parseLong(got.id()));
        }
    }

    @Test
    void sseResumesAfterLastEventIdAndTellsHowManyAreLostBeyondTheHistory() {
        RpcServers small = Agent.await(RpcServers.start(fx.vertx, fx.agent, RpcFixture.settings(state), fx.methods,
                new RpcOptions(RpcFixture.TEST_LIMITS.withHistorySize(3).withSseHeartbeat(Duration.ofMillis(50)),
                        null, null)), 30);
        try {
            for (long seq = 7_000_001; seq <= 7_000_005; seq++) {
                publish(seq, "probe", "resume");
            }
            Await.until("the history holds the last three", () -> small.history().since(0).events().size() == 3
                    && small.history().since(0).events().get(0).seq() == 7_000_003);
            String base = "http://127.0.0.1:" + small.httpPort() + "/events?app=resume&token=" + fx.token;
            try (SseReader sse = new SseReader(base, List.of("Last-Event-ID", "7000000"))) {
                Sse dropped = sse.next();
                assertThat(dropped.event()).isEqualTo("events.dropped");
                assertThat(HttpClients.json(dropped.data()).path("dropped").asLong()).isEqualTo(2);
                for (long seq = 7_000_003; seq <= 7_000_005; seq++) {
                    assertThat(sse.next().id()).isEqualTo(String.valueOf(seq));
                }
                publish(7_000_006, "probe", "resume");
                assertThat(sse.next().id()).isEqualTo("7000006");
                Await.until("a heartbeat comment", () -> "heartbeat".equals(sse.poll().comment()));
            }
            try (SseReader sse = new SseReader(base + "&lastEventId=7000004", List.of())) {
                assertThat(sse.next().id()).isEqualTo("7000005");
                assertThat(sse.next().id()).isEqualTo("7000006");
            }
        } finally {
            Agent.await(small.close(), 30);
        }
    }

    @Test
    void closingTheServersEndsOpenConnectionsPromptly() throws Exception {
        RpcServers other = Agent.await(RpcServers.start(fx.vertx, fx.agent, RpcFixture.settings(state), fx.methods,
                new RpcOptions(RpcFixture.TEST_LIMITS, null, fx.servers.history())), 30);
        try (RawClient tcp = RawClient.connect(other.tcpPort());
             WsClient ws = new WsClient("ws://127.0.0.1:" + other.httpPort() + "/rpc");
             SseReader sse = new SseReader("http://127.0.0.1:" + other.httpPort() + "/events?token=" + fx.token,
                     List.of())) {
            tcp.auth(fx.token);
            tcp.result("events.subscribe", null);
            ws.call(RawClient.request(1, "auth", "{\"token\":\"" + fx.token + "\"}"));
            assertThat(sse.poll().comment()).isEqualTo("zpm events");
            long t0 = System.nanoTime();
            Agent.await(other.close(), 30);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            assertThat(tcp.closedByServer()).isTrue();
            assertThat(ws.awaitClosed()).isTrue();
        }
    }
}
