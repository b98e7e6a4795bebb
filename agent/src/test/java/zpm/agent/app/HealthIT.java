package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

/** Liveness and maxMemoryMb against real, misbehaving workers. */
class HealthIT {

    /** Answers GET /health with 200 until it has answered argv[2] of them, then stops accepting (stuck). */
    private static final String STUCK_AFTER = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(64)",
            "for i in range(int(sys.argv[2])):",
            "    c, _ = s.accept(); c.recv(4096)",
            "    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok'); c.close()",
            "print('stuck now', flush=True)",
            "time.sleep(100000)");
    /** Holds argv[1] MB of touched memory, then sleeps. */
    private static final String HOG = String.join("\n",
            "import sys, time",
            "b = bytearray(int(sys.argv[1]) * 1024 * 1024)",
            "for i in range(0, len(b), 4096): b[i] = 1",
            "print('holding', sys.argv[1], 'MB', flush=True)",
            "time.sleep(100000)");

    @TempDir
    Path state;

    private final BlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
    private final List<Long> pids = new CopyOnWriteArrayList<>();
    private Agent agent;

    @AfterEach
    void stop() {
        System.clearProperty("zpm.memoryCheckMs");
        if (agent != null) {
            agent.quitBlocking(60);
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private void start(AppSpec app) {
        agent = Agent.startBlocking(state, List.of());
        agent.onEvent(e -> {
            events.add(e);
            if (e.worker() != null && e.worker().pid() != null) {
                pids.add(e.worker().pid());
            }
        });
        Agent.await(agent.addApp(app), 60);
    }

    @Test
    void stuckWorkerFailsItsLivenessAndIsReplaced() throws Exception {
        int port = freePort();
        ProbeSpec liveness = new ProbeSpec(ProbeSpec.Type.HTTP, null, "/health", List.of(), 300, 200, 3);
        start(new AppSpec("stuck", List.of("python3", "-c", STUCK_AFTER, Integer.toString(port), "5"), null, Map.of(),
                1, port, RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 0, 2_000,
                new ProbeSpec(ProbeSpec.Type.TCP, null, null, List.of(), 30_000, 50, 3), liveness, null, List.of()));

        LifecycleEvent probe = next(EventType.PROBE);
        assertThat(probe.details()).containsEntry("kind", "liveness");
        assertThat((String) probe.details().get("error")).startsWith("3 check(s) failed in a row");
        LifecycleEvent exit = next(EventType.EXIT);
        assertThat(exit.worker().id()).isEqualTo(probe.worker().id());
        assertThat(exit.details()).containsEntry("expected", false);
        LifecycleEvent fork = next(EventType.FORK);
        assertThat(fork.worker().slot()).isEqualTo(probe.worker().slot());
        assertThat(next(EventType.ONLINE).worker().id()).isEqualTo(fork.worker().id());
    }

    @Test
    void workerOverItsMemoryLimitIsReplacedAndOneUnderItIsNot() throws Exception {
        System.setProperty("zpm.memoryCheckMs", "100");
        start(new AppSpec("hog", List.of("python3", "-c", HOG, "80"), null, Map.of(), 1, null, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, 0, 2_000, ProbeSpec.NONE, null, 40, List.of()));

        LifecycleEvent probe = next(EventType.PROBE);
        assertThat(probe.details()).containsEntry("kind", "memory");
        assertThat((String) probe.details().get("error")).contains("over maxMemoryMb 40");
        assertThat(next(EventType.EXIT).details()).containsEntry("expected", false);

        Agent.await(agent.stopApp("hog"), 60);
        Agent.await(agent.deleteApp("hog"), 60);
        events.clear();
        Agent.await(agent.addApp(new AppSpec("lean", List.of("python3", "-c", HOG, "5"), null, Map.of(), 1, null,
                RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 0, 2_000, ProbeSpec.NONE, null, 200, List.of())), 60);
        next(EventType.ONLINE);
        // many checks later: still no probe event for the lean worker
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            LifecycleEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            assertThat(e == null ? null : e.type()).isNotEqualTo(EventType.PROBE);
        }
    }

    private LifecycleEvent next(EventType type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            LifecycleEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.type() == type) {
                return e;
            }
        }
        throw new AssertionError("no " + type.wireName() + " event within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
