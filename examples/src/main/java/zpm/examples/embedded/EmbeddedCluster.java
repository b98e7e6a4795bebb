package zpm.examples.embedded;

import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.RestartResult;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.local.Agent;
import zpm.protocol.event.EventType;
import zpm.protocol.worker.ZpmWorker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One program, two roles, the way Node's {@code cluster} module is used: started by a person it
 * is the primary, which embeds the zpm supervisor and forks copies of itself; started by zpm
 * (it sees {@code ZPM_WORKER}) it is a worker.
 *
 * <p>The primary runs a short demo: start 2 workers, grow to 3, roll them all, then quit.
 * With {@code --stay} it keeps supervising until Ctrl-C.
 */
public final class EmbeddedCluster {

    private EmbeddedCluster() {
    }

    public static void main(String[] args) throws IOException {
        ZpmWorker me = ZpmWorker.current();
        if (me.isWorker()) {
            runWorker(me);
        } else {
            runPrimary(List.of(args).contains("--stay"));
        }
    }

    /**
     * The worker's side: serve a one-line greeting on the shared port (SO_REUSEPORT lets every
     * worker bind it), announce itself, and leave when asked (SIGTERM runs the shutdown hook).
     */
    private static void runWorker(ZpmWorker me) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        server.bind(new InetSocketAddress("127.0.0.1", me.port().orElseThrow()));
        System.out.println("worker id=" + me.id() + " slot=" + me.slot() + " pid=" + ProcessHandle.current().pid()
                + " of app " + me.app() + " is up on port " + me.port().getAsInt());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("worker id=" + me.id() + " leaving")));
        byte[] greeting = ("hello from worker " + me.id() + "\n").getBytes(StandardCharsets.UTF_8);
        while (true) {
            try (SocketChannel client = server.accept()) {
                client.write(ByteBuffer.wrap(greeting));
            }
        }
    }

    private static void runPrimary(boolean stay) throws IOException {
        Path stateDir = Files.createTempDirectory("zpm-embedded-");
        // Online means "this worker's own process listens on the port" (tcp readiness), so a
        // rolling restart never asks an old worker to leave before its replacement serves.
        List<String> command = List.of(javaBinary(), "-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), EmbeddedCluster.class.getName());
        AppSpec self = new AppSpec("self", command, null, Map.of(), 2, freePort(), RestartPolicy.ALWAYS,
                BackoffSpec.DEFAULT, AppSpec.DEFAULT_MIN_RESTART_AGE_MS, AppSpec.DEFAULT_KILL_TIMEOUT_MS,
                new ProbeSpec(ProbeSpec.Type.TCP, null, null, List.of(), 30_000, 50, 3), null, null, List.of());
        Agent agent = Agent.startBlocking(stateDir, List.of());
        agent.onEvent(e -> {
            if (e.type() != EventType.APP) {
                // The fork event carries the whole command line: too long for a demo's console.
                System.out.println("event " + e.toString().replaceFirst(" command=\\[.*\\]$", ""));
            }
        });
        try {
            AppInfo started = Agent.await(agent.addApp(self), 60);
            System.out.println("primary: app " + started.name() + " has " + started.online() + " workers online");
            if (stay) {
                waitForCtrlC(agent);
                return;
            }
            AppInfo grown = Agent.await(agent.resize("self", 3), 60);
            System.out.println("primary: grown to " + grown.online() + " workers");
            RestartResult rolled = Agent.await(agent.restart(Target.app("self")), 120);
            System.out.println("primary: rolling restart " + (rolled.ok() ? "done" : "stopped: " + rolled.error())
                    + ", replaced " + rolled.replaced() + " with " + rolled.started());
            for (WorkerInfo w : Agent.await(agent.status(Target.ALL), 10)) {
                System.out.println("primary: worker " + w.id() + " slot " + w.slot() + " pid " + w.pid() + " " + w.state().wireName());
            }
        } finally {
            agent.quitBlocking(60);
            System.out.println("primary: every worker stopped, bye");
        }
    }

    private static void waitForCtrlC(Agent agent) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.quitBlocking(60);
            done.countDown();
        }));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
