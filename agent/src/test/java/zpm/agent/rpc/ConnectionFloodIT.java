package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.rpc.HttpClients.SseReader;
import zpm.agent.rpc.HttpClients.WsClient;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sockets that never log in (issue 11): held or reconnecting, they fill neither the TCP slots nor
 * the WebSocket/SSE slots nor the agent's memory, and a real client from the same address still
 * gets in. The flood is sized past both the old 256-connection cap and the unauthenticated
 * budget; {@code -Dzpm.soak.flood=15000} runs it at the size that once killed the agent.
 */
class ConnectionFloodIT {

    static final int FLOOD = Integer.getInteger("zpm.soak.flood",
            RpcLimits.MAX_UNAUTHENTICATED_HARD + 50);

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        // A long login window: only the budget's eviction may free the flood's slots here.
        fx = RpcFixture.start(state, RpcFixture.TEST_LIMITS.withAuthTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void heldTcpSocketsThatNeverLogInDoNotKeepARealClientOut() {
        try (SocketFlood flood = SocketFlood.open(fx.servers.tcpPort(), FLOOD, null)) {
            try (RawClient real = fx.authed()) {
                assertThat(real.result("status", null).get("workers")).hasSize(2);
            }
            flood.awaitClosedAtLeast(FLOOD - RpcLimits.MAX_UNAUTHENTICATED_HARD);
            assertThat(flood.firstLine(0)).contains("closed to make room");
        }
    }

    /** As in the issue: sockets that connect again whenever the agent closes them. */
    @Test
    void reconnectingTcpSocketsDoNotKeepARealClientOut() {
        try (SocketFlood.Reconnecting flood = SocketFlood.reconnecting(fx.servers.tcpPort(),
                RpcLimits.MAX_UNAUTHENTICATED + 50)) {
            flood.awaitOpened();
            for (int i = 0; i < 5; i++) {
                try (RawClient real = fx.authed()) {
                    assertThat(real.result("status", null).get("workers")).hasSize(2);
                }
            }
        }
    }

    @Test
    void unauthenticatedWebSocketsDoNotKeepRealStreamsOut() throws Exception {
        try (SocketFlood flood = SocketFlood.open(fx.servers.httpPort(), FLOOD, SocketFlood.WEBSOCKET_UPGRADE)) {
            flood.awaitClosedAtLeast(FLOOD - RpcLimits.MAX_UNAUTHENTICATED_HARD);
            try (WsClient ws = new WsClient("ws://127.0.0.1:" + fx.servers.httpPort() + "/rpc")) {
                JsonNode r = ws.call(RawClient.request(1, "auth", "{\"token\":\"" + fx.token + "\"}"));
                assertThat(r.path("result").path("ok").asBoolean()).as(r.toString()).isTrue();
            }
            try (SseReader sse = new SseReader(fx.httpBase() + "/events",
                    List.of("Authorization", "Bearer " + fx.token))) {
                assertThat(sse.status).isEqualTo(200);
                assertThat(sse.poll().comment()).isEqualTo("zpm events");
            }
        }
    }

    @Test
    void idleHttpSocketsAreCappedAndARealRequestStillWorks() {
        try (SocketFlood flood = SocketFlood.open(fx.servers.httpPort(), FLOOD, null)) {
            flood.awaitClosedAtLeast(FLOOD - RpcLimits.MAX_UNAUTHENTICATED_HARD);
            HttpResponse<String> r = HttpClients.post(fx.httpBase() + "/rpc", fx.token,
                    RawClient.request(1, "status", null));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(HttpClients.json(r.body()).path("result").path("workers")).hasSize(2);
        }
    }

    @Test
    void anIdleHttpSocketIsClosedAfterTheLoginWindow(@TempDir Path own) {
        RpcFixture quick = RpcFixture.start(own); // TEST_LIMITS: 300 ms to authenticate
        try (SocketFlood idle = SocketFlood.open(quick.servers.httpPort(), 3, null)) {
            idle.awaitClosedAtLeast(3);
            HttpResponse<String> r = HttpClients.post(quick.httpBase() + "/rpc", quick.token,
                    RawClient.request(1, "status", null));
            assertThat(r.statusCode()).isEqualTo(200);
        } finally {
            quick.close();
        }
    }
}
