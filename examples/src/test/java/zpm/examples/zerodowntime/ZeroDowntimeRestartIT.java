package zpm.examples.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Target;
import zpm.agent.local.Agent;
import zpm.examples.bench.HttpLoad;
import zpm.examples.workers.HelloWorker;

/**
 * The promise of a rolling restart: two HelloWorkers (plain JDK, SO_REUSEPORT, a SIGTERM handler)
 * under a steady bounded load, {@code restart} of the app, and not one request lost, with
 * keep-alive connections and with a new connection per request.
 */
class ZeroDowntimeRestartIT {

    private static final int LOAD_THREADS = 16;

    private Agent agent;
    private int port;

    @BeforeEach
    void startTwoWorkers() throws IOException {
        port = freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                HelloWorker.class.getName());
        AppSpec hello = new AppSpec("hello", command, null, Map.of(), 2, port, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, AppSpec.DEFAULT_MIN_RESTART_AGE_MS, 15_000,
                new ProbeSpec(ProbeSpec.Type.HTTP, null, "/health", List.of(), 30_000, 50, 3), null, null, List.of());
        agent = Agent.startBlocking(Files.createTempDirectory("zpm-zero-downtime-"), List.of(), true);
        Agent.await(agent.addApp(hello), 60);
        // Allowed above (tcpMigrate), the agent sets it when it may (root in its network namespace);
        // without it a stopping listener resets its accept queue and this test measures the kernel, not zpm.
        Path migrate = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        assumeTrue(Files.exists(migrate) && Files.readString(migrate).trim().equals("1"),
                "needs net.ipv4.tcp_migrate_req=1 (kernel 5.14+, root): see docs/workers.md");
    }

    @AfterEach
    void quit() {
        if (agent != null) {
            agent.quitBlocking(60);
        }
    }

    @ParameterizedTest(name = "keepAlive={0}")
    @ValueSource(booleans = {true, false})
    void rollingRestartUnderLoadLosesNoRequest(boolean keepAlive) throws Exception {
        HttpLoad load = new HttpLoad(port, keepAlive, LOAD_THREADS);
        long restartFrom;
        long restartTo;
        RestartResult result;
        try {
            awaitOk(load, 200);
            restartFrom = load.nowMs();
            result = Agent.await(agent.restart(Target.app("hello")), 120);
            restartTo = load.nowMs();
            long okAtEnd = load.ok();
            awaitOk(load, okAtEnd + 200); // the new workers serve too
        } finally {
            load.close();
        }

        assertThat(result.ok()).as(result.error()).isTrue();
        assertThat(result.replaced()).as("both workers replaced").hasSize(2);
        assertThat(load.failures()).as("failed requests (ms since start, phase, error)").isEmpty();
        System.out.printf("zero-downtime keepAlive=%s: %d requests, restart took %d ms, longest gap %d ms%n",
                keepAlive, load.ok(), restartTo - restartFrom, load.longestGapMs(restartFrom, restartTo));
    }

    /** Waits until the load counted {@code n} successes, bounded by 60 s. */
    private static void awaitOk(HttpLoad load, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (load.ok() < n && System.nanoTime() < deadline && load.failures().isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(load.ok()).as("successful requests (failures: " + load.failures() + ")").isGreaterThanOrEqualTo(n);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
