package zpm.agent.probe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.ProbeSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness against real processes, real sockets and a real Vert.x; deadlines, no sleeps. */
class VertxProbesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    /** Waits on stdin, then listens on argv[1] (SO_REUSEPORT, like a zpm worker), then waits on stdin. */
    private static final String LISTENER = String.join("\n",
            "import socket, sys",
            "sys.stdin.readline()",
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)",
            "s.bind(('127.0.0.1', int(sys.argv[1])))",
            "s.listen(16)",
            "sys.stdin.readline()");

    private final List<Process> started = new ArrayList<>();
    private Vertx vertx;
    private Context context;
    private RecordingFacts facts;
    private VertxProbes probes;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        facts = new RecordingFacts(context);
        probes = new VertxProbes(vertx, context, facts);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        probes.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(facts.all()).allMatch(RecordingFacts.Fact::onContext, "delivered on the context");
    }

    @Test
    void tcpIsReadyOnlyOnceTheWorkersChildListens() throws Exception {
        int port = freePort();
        // the listener is a child of the worker's shell: readiness must look at the whole tree
        Process worker = start("sh", "-c", "python3 -c \"$0\" \"$1\"; true", LISTENER,
                Integer.toString(port));

        probes.watchReadiness(1, worker.pid(), spec(ProbeSpec.Type.TCP, port), null);
        awaitAttempts(1, 3);
        assertThat(facts.of(1)).isEmpty();

        long goNanos = System.nanoTime();
        sendLine(worker);
        RecordingFacts.Fact ready = await(facts.readyFuture(1));

        assertThat(ready.atNanos()).isGreaterThan(goNanos);
        assertThat(facts.of(1)).extracting(RecordingFacts.Fact::type).containsExactly("ready");
    }

    @Test
    void listeningIsReportedOnceWhenTheTreeBindsTheAppsPortAndNotAfterRelease() throws Exception {
        try (ServerSocket sibling = new ServerSocket()) {
            sibling.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            sibling.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = sibling.getLocalPort();
            Process worker = start("sh", "-c", "python3 -c \"$0\" \"$1\"; true", LISTENER, Integer.toString(port));
            Process other = start("python3", "-c", LISTENER, Integer.toString(port));

            probes.watchListening(3, worker.pid(), port);
            probes.watchListening(4, other.pid(), port);
            probes.release(4); // gone before it bound: never reported
            sendLine(other);
            awaitAttempts(3, 3); // other processes hold the port meanwhile: not this worker's tree
            assertThat(facts.of(3)).isEmpty();

            long goNanos = System.nanoTime();
            sendLine(worker);
            RecordingFacts.Fact listening = await(facts.listeningFuture(3));

            assertThat(listening.type()).isEqualTo("listening:" + port);
            assertThat(listening.atNanos()).isGreaterThan(goNanos);
            assertThat(facts.of(3)).hasSize(1);
            assertThat(facts.of(4)).isEmpty();
        }
    }

    @Test
    void tcpIsNotReadyWhileOnlyAnotherProcessListensOnTheSharedPort() throws Exception {
        try (ServerSocket sibling = new ServerSocket()) {
            // another "worker" (this JVM) already holds the shared port
            sibling.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            sibling.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = sibling.getLocalPort();
            Process worker = start("python3", "-c", LISTENER, Integer.toString(port));

            probes.watchReadiness(2, worker.pid(), spec(ProbeSpec.Type.TCP, null), port);
            awaitAttempts(2, 5);
            assertThat(facts.of(2)).isEmpty();

            sendLine(worker); // now the worker binds the same port beside its sibling
            await(facts.readyFuture(2));
        }
    }

    @Test
    void httpIsReadyOn2xxAndNotOn500() throws Exception {
        AtomicInteger status = new AtomicInteger(500);
        HttpServer server = httpServer(status);
        long self = ProcessHandle.current().pid(); // the "worker" is this JVM, which holds the port

        probes.watchReadiness(3, self, spec(ProbeSpec.Type.HTTP, server.actualPort()), null);
        RecordingFacts.Fact failed = await(facts.failureFuture(3));
        awaitAttempts(3, 4);

        assertThat(failed.type()).isEqualTo("probeFailed:readiness");
        assertThat(failed.fatal()).isFalse();
        assertThat(failed.error()).contains("500");
        assertThat(facts.of(3)).hasSize(1); // reported once, not once per attempt

        status.set(204);
        await(facts.readyFuture(3));
        assertThat(facts.of(3)).extracting(RecordingFacts.Fact::type)
                .containsExactly("probeFailed:readiness", "ready");
    }

    @Test
    void execIsReadyWhenTheCommandExitsZero(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("ready");
        List<String> command = List.of("sh", "-c",
                "test \"$ZPM_WORKER_PID\" = 4242 && test -e \"$0\"", flag.toString());

        probes.watchReadiness(4, 4242, exec(command), null);
        awaitAttempts(4, 3);
        assertThat(facts.of(4)).isEmpty();

        Files.createFile(flag);
        await(facts.readyFuture(4));
        assertThat(facts.of(4)).extracting(RecordingFacts.Fact::type).containsExactly("ready");
    }

    @Test
    void execThatRunsTooLongIsKilledAndReportedOnce() throws Exception {
        probes.watchReadiness(5, 4242, exec(List.of("sleep", "300")), null);

        RecordingFacts.Fact failed = await(facts.failureFuture(5));

        assertThat(failed.error()).contains("ran past");
        assertThat(failed.fatal()).isFalse();
        probes.cancel(5);
        awaitTrue(() -> ProcessHandle.current().descendants()
                .noneMatch(p -> p.info().command().orElse("").endsWith("sleep")));
    }

    @Test
    void cancelPreventsALaterReady(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("ready");
        ProbeSpec waitForFlag = exec(List.of("test", "-e", flag.toString()));
        probes.watchReadiness(6, 4242, waitForFlag, null);
        awaitAttempts(6, 2);

        probes.cancel(6);
        // a witness with the same condition: once it is ready, 6 would have been too
        probes.watchReadiness(7, 4242, waitForFlag, null);
        Files.createFile(flag);
        await(facts.readyFuture(7));

        assertThat(facts.of(6)).isEmpty();
        assertThat(probes.attempts(6).toCompletionStage().toCompletableFuture().get()).isEqualTo(-1);
    }

    @Test
    void cancelInTheSameTurnDropsEvenNone() throws Exception {
        context.runOnContext(v -> {
            probes.watchReadiness(8, 4242, ProbeSpec.NONE, null);
            probes.cancel(8);
            probes.watchReadiness(9, 4242, ProbeSpec.NONE, null);
        });

        await(facts.readyFuture(9));
        assertThat(facts.all()).extracting(RecordingFacts.Fact::workerId).containsExactly(9L);
    }

    @Test
    void specsThatCanNeverPassAreFatalOnceAndNotifyIsLeftToTheLauncher() throws Exception {
        probes.watchReadiness(10, 4242, spec(ProbeSpec.Type.NOTIFY, null), 8080);
        probes.watchReadiness(11, 4242, spec(ProbeSpec.Type.TCP, null), null);
        probes.watchReadiness(12, 4242, exec(List.of()), null);

        assertThat(await(facts.failureFuture(11)).error()).contains("needs a port");
        assertThat(await(facts.failureFuture(12)).error()).contains("no command");
        assertThat(facts.all()).allMatch(RecordingFacts.Fact::fatal).hasSize(2);
        assertThat(probes.attempts(10).toCompletionStage().toCompletableFuture().get()).as("no watch").isEqualTo(-1);
        assertThat(facts.of(10)).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static ProbeSpec spec(ProbeSpec.Type type, Integer port) {
        return new ProbeSpec(type, port, "/health", List.of(), 30_000, 50, 3);
    }

    private static ProbeSpec exec(List<String> command) {
        return new ProbeSpec(ProbeSpec.Type.EXEC, null, null, command, 30_000, 50, 3);
    }

    private Process start(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    private static void sendLine(Process p) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    private HttpServer httpServer(AtomicInteger status) throws Exception {
        return await(vertx.createHttpServer()
                .requestHandler(req -> req.response().setStatusCode(status.get()).end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());
    }

    /**
     * Waits until worker {@code id} completed at least {@code n} attempts, or is no longer watched
     * (it passed or failed fatally early: the caller's assertions on facts then tell which).
     */
    private void awaitAttempts(long id, int n) throws Exception {
        awaitTrue(() -> {
            int done = probes.attempts(id).toCompletionStage().toCompletableFuture().join();
            return done == -1 || done >= n;
        });
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", DEADLINE).isLessThan(deadline);
            Thread.sleep(10); // polling interval of a deadline wait, not a hoped-for delay
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
