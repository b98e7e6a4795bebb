package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import zpm.agent.local.Agent;

import static org.assertj.core.api.Assertions.assertThat;

/** Many clients at once, and TLS on both servers. */
class TlsAndLoadIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        fx = RpcFixture.start(state, RpcLimits.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void twoHundredConcurrentClientsAreAllAnswered() throws Exception {
        int clients = 200;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Integer> one = () -> {
                    try (RawClient c = fx.client()) {
                        go.await();
                        c.auth(fx.token);
                        return c.result("status", null).get("workers").size();
                    }
                };
                answers.add(pool.submit(one));
            }
            go.countDown();
            for (Future<Integer> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withACertificateBothServersSpeakTls() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        TlsFiles tls = new TlsFiles(Path.of(cert.certificatePath()), Path.of(cert.privateKeyPath()));
        RpcServers secure = Agent.await(RpcServers.start(fx.vertx, fx.agent, RpcFixture.settings(state), fx.methods,
                RpcOptions.DEFAULTS.withTls(tls).withHistory(fx.servers.history())), 30);
        try {
            SSLContext ssl = trustAll();
            Socket raw = new Socket();
            raw.connect(new InetSocketAddress("127.0.0.1", secure.tcpPort()), 10_000);
            SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(raw, "localhost", secure.tcpPort(), true);
            s.startHandshake();
            try (RawClient c = RawClient.over(s)) {
                assertThat(c.auth(fx.token).path("result").path("ok").asBoolean()).isTrue();
                assertThat(c.result("status", null).get("workers")).hasSize(2);
            }
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                            + secure.httpPort() + "/rpc")).header("Authorization", "Bearer " + fx.token)
                    .POST(HttpRequest.BodyPublishers.ofString(RawClient.request(1, "status", null))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = RawClient.JSON.readTree(r.body());
            assertThat(body.path("result").path("workers")).hasSize(2);
        } finally {
            Agent.await(secure.close(), 30);
            cert.delete();
        }
    }

    private static SSLContext trustAll() throws Exception {
        TrustManager[] all = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, all, new SecureRandom());
        return ctx;
    }
}
