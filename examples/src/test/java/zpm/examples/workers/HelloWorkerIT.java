package zpm.examples.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real HelloWorker JVMs sharing one port with SO_REUSEPORT. */
class HelloWorkerIT {

    private static final Pattern WORKER_ID = Pattern.compile("hello from worker (\\d+) ");
    private static final int ATTEMPTS = 60;

    private final List<AutoCloseable> started = new ArrayList<>();
    private int port;
    private WorkerProcess one;
    private WorkerProcess two;

    @BeforeEach
    void startTwoWorkersOnOnePort() throws Exception {
        port = freePort();
        one = start(WorkerProcess.start("HelloWorker", WorkerProcess.workerEnv(1, 0), "--port", "" + port));
        two = start(WorkerProcess.start("HelloWorker", WorkerProcess.workerEnv(2, 1), "--port", "" + port));
        assertThat(one.awaitLineStartingWith("hello worker id=1 ")).endsWith(" port=" + port);
        assertThat(two.awaitLineStartingWith("hello worker id=2 ")).endsWith(" port=" + port);
    }

    @AfterEach
    void killEverythingStarted() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void bothWorkersAnswerOnTheSharedPort() throws Exception {
        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < ATTEMPTS && answered.size() < 2; i++) {
            TestHttpClient.Response r = TestHttpClient.getOnce(port, "/");
            assertThat(r.status()).isEqualTo(200);
            answered.add(workerId(r));
        }
        assertThat(answered).containsExactlyInAnyOrder(1L, 2L);
        assertThat(TestHttpClient.getOnce(port, "/health").body()).isEqualTo("ok");
    }

    @Test
    void keepAliveServesRequestsOnOneConnectionUntilTheClientSaysClose() throws Exception {
        try (TestHttpClient client = client()) {
            long id = workerId(client.get("/"));
            for (int i = 0; i < 5; i++) {
                TestHttpClient.Response r = client.get("/");
                assertThat(r.header("connection")).isEqualTo("keep-alive");
                assertThat(workerId(r)).isEqualTo(id);
            }
            TestHttpClient.Response last = client.exchange("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void http10ClosesAfterTheResponse() throws Exception {
        try (TestHttpClient client = client()) {
            TestHttpClient.Response r = client.exchange("GET /health HTTP/1.0\r\n\r\n");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(client.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void sigtermFinishesTheRequestInFlightClosesIdleConnectionsAndExitsZero() throws Exception {
        TestHttpClient slow = client();
        long id = workerId(slow.get("/"));
        WorkerProcess target = id == 1 ? one : two;
        long otherId = 3 - id;
        TestHttpClient idle = connectionTo(id);

        slow.send("GET /slow?ms=1500 HTTP/1.1\r\nHost: t\r\n\r\n");
        target.awaitLineStartingWith("slow request: 1500 ms");
        target.sigterm();

        target.awaitLineStartingWith("stopping: listener closed, 2 connection(s) open");
        // closed once quiet for a second: a request already on its way would still be answered
        assertThat(idle.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        TestHttpClient.Response r = slow.readResponse();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("slept 1500 ms\n");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(target.awaitExit(Duration.ofSeconds(15))).isZero();
        assertThat(target.awaitLineStartingWith("drained: ")).isEqualTo("drained: 1 quiet keep-alive connection(s) closed");
        assertThat(target.awaitLineStartingWith("stopped")).isEqualTo("stopped");

        for (int i = 0; i < 10; i++) {
            assertThat(workerId(TestHttpClient.getOnce(port, "/"))).isEqualTo(otherId);
        }
    }

    @Test
    void keepAliveRequestArrivingAfterSigtermIsAnsweredWithConnectionCloseNotReset() throws Exception {
        TestHttpClient kept = connectionTo(1);
        one.sigterm();
        one.awaitLineStartingWith("stopping: listener closed");

        TestHttpClient.Response r = kept.get("/");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(kept.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(one.awaitExit(Duration.ofSeconds(15))).isZero();
    }

    @Test
    void vertxWorkersShareThePortThroughTheNativeTransportAndLeaveOnSigterm() throws Exception {
        int shared = freePort();
        Map<String, String> env3 = new HashMap<>(WorkerProcess.workerEnv(3, 0));
        env3.put("PORT", Integer.toString(shared));
        Map<String, String> env4 = new HashMap<>(WorkerProcess.workerEnv(4, 1));
        env4.put("PORT", Integer.toString(shared));
        WorkerProcess three = start(WorkerProcess.start("VertxHelloWorker", env3));
        WorkerProcess four = start(WorkerProcess.start("VertxHelloWorker", env4));
        assertThat(three.awaitLineStartingWith("hello worker id=3 ")).endsWith(" port=" + shared);
        assertThat(four.awaitLineStartingWith("hello worker id=4 ")).endsWith(" port=" + shared);

        Set<String> answered = new HashSet<>();
        for (int i = 0; i < ATTEMPTS && answered.size() < 2; i++) {
            String body = TestHttpClient.getOnce(shared, "/").body();
            answered.add(body.substring(0, body.indexOf(" (")));
        }
        assertThat(answered).containsExactlyInAnyOrder("hello from vert.x worker 3", "hello from vert.x worker 4");

        three.sigterm();
        assertThat(three.awaitExit(Duration.ofSeconds(15))).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(TestHttpClient.getOnce(shared, "/").body()).startsWith("hello from vert.x worker 4 ");
        }
    }

    /** A keep-alive connection that worker {@code id} answered; fresh ones until the kernel picks it. */
    private TestHttpClient connectionTo(long id) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            TestHttpClient client = client();
            if (workerId(client.get("/")) == id) {
                return client;
            }
            client.close();
        }
        throw new AssertionError("worker " + id + " answered none of " + ATTEMPTS + " connections");
    }

    private TestHttpClient client() throws IOException {
        return start(new TestHttpClient(port));
    }

    private <T extends AutoCloseable> T start(T resource) {
        started.add(resource);
        return resource;
    }

    private static long workerId(TestHttpClient.Response r) {
        Matcher m = WORKER_ID.matcher(r.body());
        assertThat(m.find()).as("a worker's greeting: %s", r.body()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
