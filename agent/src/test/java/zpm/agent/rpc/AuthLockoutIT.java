package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong tokens from the operator's own address never lock the right one out (issue 11): with
 * the test timers, the throttle's delay (800 ms) outlasts the login window (300 ms) after a
 * dozen wrong tokens, as 30 s outlasted 10 s in production.
 */
class AuthLockoutIT {

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

    /** Three connections pipeline five wrong tokens each: fifteen failures from 127.0.0.1. */
    private static void guessWrongFifteenTimes() {
        List<RawClient> guessers = new ArrayList<>();
        try {
            for (int c = 0; c < 3; c++) {
                RawClient g = fx.client();
                for (int i = 0; i < RpcLimits.MAX_FAILED_AUTHS; i++) {
                    g.send(RawClient.request(i, "auth", "{\"token\":\"wrong-" + c + "-" + i + "\"}"));
                }
                guessers.add(g);
            }
            for (RawClient g : guessers) {
                assertThat(g.closedByServer()).isTrue();
            }
        } finally {
            guessers.forEach(RawClient::close);
        }
    }

    @Test
    void afterFifteenWrongTokensTheRightOneGetsInAtOnceOverTcp() {
        guessWrongFifteenTimes();
        try (RawClient wrong = fx.client()) {
            long t0 = System.nanoTime();
            wrong.send(RawClient.request(1, "auth", "{\"token\":\"still-wrong\"}"));
            // Refused either way: by the throttled answer or, as it outlasts the window, by the timeout.
            assertThat(wrong.read().path("error").path("code").asInt()).isEqualTo(-32001);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("a wrong token waits").isGreaterThanOrEqualTo(200);
        }
        try (RawClient right = fx.client()) {
            long t0 = System.nanoTime();
            JsonNode r = right.auth(fx.token);
            assertThat(r.path("result").path("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("the right token does not wait").isLessThan(800);
            assertThat(right.result("status", null).get("workers")).hasSize(2);
        }
    }

    @Test
    void afterFifteenWrongTokensTheRightBearerTokenGetsInAtOnce() {
        guessWrongFifteenTimes();
        String url = fx.httpBase() + "/rpc";
        long t0 = System.nanoTime();
        HttpResponse<String> wrong = HttpClients.post(url, "wrong", RawClient.request(1, "status", null));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("a wrong token waits").isGreaterThanOrEqualTo(200);
        t0 = System.nanoTime();
        HttpResponse<String> right = HttpClients.post(url, fx.token, RawClient.request(2, "status", null));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("the right token does not wait").isLessThan(800);
        assertThat(HttpClients.json(right.body()).path("result").path("workers")).hasSize(2);
    }
}
