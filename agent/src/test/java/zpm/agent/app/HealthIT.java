package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.Target;
import zpm.agent.local.Agent;
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

    private final EventQueue events = new EventQueue();
    private Agent agent;

    @AfterEach
    void stop() {
        System.clearProperty("zpm.memoryCheckMs");
        if (agent != null) {
            agent.quitBlocking(60);
        }
        events.killLeftovers();
    }

    private void start(AppSpec app) {
        agent = Agent.startBlocking(state, List.of());
        events.attach(agent);
        Agent.await(agent.addApp(app), 60);
    }

    @Test
    void stuckWorkerFailsItsLivenessAndIsReplaced() throws Exception {
        int port = freePort();
        ProbeSpec liveness = new ProbeSpec(ProbeSpec.Type.HTTP, null, "/health", List.of(), 300, 200, 3);
        start(new AppSpec("stuck", List.of("python3", "-c", STUCK_AFTER, Integer.toString(port), "5"), null, Map.of(),
                1, port, RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 0, 2_000,
                new ProbeSpec(ProbeSpec.Type.TCP, null, null, List.of(), 30_000, 50, 3), liveness, null, List.of()));

        LifecycleEvent.Probe probe = events.next(LifecycleEvent.Probe.class);
        assertThat(probe.kind()).isEqualTo("liveness");
        assertThat(probe.error()).startsWith("3 check(s) failed in a row");
        LifecycleEvent.Exit exit = events.next(LifecycleEvent.Exit.class);
        assertThat(exit.worker().id()).isEqualTo(probe.worker().id());
        assertThat(exit.expected()).isFalse();
        LifecycleEvent fork = events.next(EventType.FORK);
        assertThat(fork.worker().slot()).isEqualTo(probe.worker().slot());
        assertThat(events.next(EventType.ONLINE).worker().id()).isEqualTo(fork.worker().id());
    }

    @Test
    void notifyReadinessAndStatusAndAWatchdogThatStopsBeingFedFromSystemdNotify() throws Exception {
        ProbeSpec ready = new ProbeSpec(ProbeSpec.Type.NOTIFY, null, null, List.of(), 30_000, 100, 3);
        ProbeSpec watchdog = new ProbeSpec(ProbeSpec.Type.NOTIFY, null, null, List.of(), 1_000, 100, 1);
        String script = "sleep 0.3; systemd-notify --ready --status=\"serving $ZPM_WORKER_ID\";"
                + " for i in 1 2 3 4 5 6; do systemd-notify WATCHDOG=1; sleep 0.2; done; exec sleep 100000";
        start(new AppSpec("notified", List.of("sh", "-c", script), null, Map.of(), 1, null, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, 0, 2_000, ready, watchdog, null, List.of()));

        LifecycleEvent online = events.next(EventType.ONLINE);
        long id = online.worker().id();
        assertThat(Agent.await(agent.status(Target.ALL), 10).get(0).statusText()).isEqualTo("serving " + id);
        LifecycleEvent.Probe probe = events.next(LifecycleEvent.Probe.class); // ~1 s after the last WATCHDOG=1
        assertThat(probe.worker().id()).isEqualTo(id);
        assertThat(probe.kind()).isEqualTo("watchdog");
        assertThat(events.next(LifecycleEvent.Exit.class).expected()).isFalse();
        assertThat(events.next(EventType.ONLINE).worker().id()).isGreaterThan(id);
    }

    @Test
    void workerOverItsMemoryLimitIsReplacedAndOneUnderItIsNot() throws Exception {
        System.setProperty("zpm.memoryCheckMs", "100");
        start(new AppSpec("hog", List.of("python3", "-c", HOG, "80"), null, Map.of(), 1, null, RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, 0, 2_000, ProbeSpec.NONE, null, 40, List.of()));

        LifecycleEvent.Probe probe = events.next(LifecycleEvent.Probe.class);
        assertThat(probe.kind()).isEqualTo("memory");
        assertThat(probe.error()).contains("over maxMemoryMb 40");
        assertThat(events.next(LifecycleEvent.Exit.class).expected()).isFalse();

        Agent.await(agent.stopApp("hog"), 60);
        Agent.await(agent.deleteApp("hog"), 60);
        events.clear();
        Agent.await(agent.addApp(new AppSpec("lean", List.of("python3", "-c", HOG, "5"), null, Map.of(), 1, null,
                RestartPolicy.ALWAYS, BackoffSpec.DEFAULT, 0, 2_000, ProbeSpec.NONE, null, 200, List.of())), 60);
        events.next(EventType.ONLINE);
        events.assertNone(EventType.PROBE, 2_000, "20 checks of a worker under its limit");
    }


    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
