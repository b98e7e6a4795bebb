package zpm.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive on its own: unpacked into a temp dir, run with a PATH that has java and the
 * usual programs but no Maven (and no source tree anywhere near), the launchers find lib/, print their versions, and an
 * agent started from it answers {@code info} to the unpacked console. The agent is ended by pid.
 */
class ReleaseArchiveIT {

    // One unpacked install and one HOME for the class: the agent's class archive is recorded once (~10 s).
    @TempDir
    static Path tmp;

    private static Path root;
    private static Map<String, String> env;

    @BeforeAll
    static void unpackOnce() throws Exception {
        root = unpack();
        env = env();
    }

    @AfterAll
    static void removePath() throws IOException {
        Shell.removePath(tmp.resolve("path"));
    }

    @Test
    void theUnpackedArchiveRunsWithAJreAndNoMaven() throws Exception {
        assertThat(Shell.run(tmp, env, List.of("bash", "-c", "command -v mvn")).exit()).as("mvn on PATH").isNotZero();
        assertThat(root.resolve("bin/zpm-agent")).isExecutable();
        assertThat(root.resolve("lib/zpm-agent.jar")).exists();
        assertThat(root.resolve("pom.xml")).doesNotExist();
        try (var lib = Files.list(root.resolve("lib"))) {
            assertThat(lib.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hazelcast")
                    || n.startsWith("vertx-hazelcast"))).as("cluster jars on the lone agent's classpath lib/*").isEmpty();
        }
        if (Files.exists(Path.of(System.getProperty("zpm.checkout", "..")).resolve("cluster/pom.xml"))) {
            assertThat(root.resolve("lib/cluster/zpm-agent-cluster.jar")).exists();
        }

        Shell.Result agent = Shell.run(tmp, env, List.of(root.resolve("bin/zpm-agent").toString(), "--version"));
        assertThat(agent.exit()).as(agent.toString()).isZero();
        assertThat(agent.out()).startsWith("zpm-agent ");
        Shell.Result repl = Shell.run(tmp, env, List.of(root.resolve("bin/zpm-repl").toString(), "--version"));
        assertThat(repl.exit()).as(repl.toString()).isZero();
        assertThat(repl.out()).startsWith("zpm-repl ");
        assertThat(repl.err()).isEmpty();
    }

    @Test
    void anAgentStartedFromTheArchiveAnswersInfo() throws Exception {
        int rpc = freePort();
        Path state = tmp.resolve("state");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/zpm-agent").toString(), "--state-dir", state.toString(),
                "--rpc", "127.0.0.1:" + rpc, "--http", "127.0.0.1:" + freePort()).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("agent.out").toFile()).redirectError(tmp.resolve("agent.err").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process agent = pb.start();
        try {
            awaitListening(agent, rpc);
            Shell.Result info = Shell.run(tmp, env, List.of(root.resolve("bin/zpm-repl").toString(), "connect",
                    "127.0.0.1:" + rpc, "--state-dir", state.toString(), "--json", "-c", "info"));
            assertThat(info.exit()).as(info.toString()).isZero();
            assertThat(info.out()).contains("\"pid\":" + agent.pid());
            // the one-shot command finds the same agent through its state directory (agent.json)
            Shell.Result ls = Shell.run(tmp, env, List.of(root.resolve("bin/zpm").toString(), "--state-dir",
                    state.toString(), "ls", "--json"));
            assertThat(ls.exit()).as(ls.toString()).isZero();
            assertThat(ls.out()).startsWith("{\"workers\":");
            // The class archives went to the user's cache: the install dir stays as unpacked.
            assertThat(tmp.resolve("home/.cache/zpm/cds")).isDirectory();
            try (var files = Files.list(root)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "lib", "docs", "README.md");
            }
        } finally {
            agent.destroy(); // SIGTERM to the JVM (the launcher execs it): a graceful quit
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
        assertThat(agent.exitValue()).as(Files.readString(tmp.resolve("agent.err"))).isZero();
    }

    private static Path unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("zpm.archive", "target/zpm.tar.gz"));
        assertThat(archive).as("the release archive (mvn package builds it)").exists();
        Path into = Files.createDirectories(tmp.resolve("install"));
        Shell.Result tar = Shell.run(tmp, Map.of("PATH", "/usr/bin:/bin"), List.of("tar", "xzf", archive.toString(), "-C",
                into.toString()));
        assertThat(tar.exit()).as(tar.toString()).isZero();
        try (var top = Files.list(into)) {
            List<Path> dirs = top.toList();
            assertThat(dirs).hasSize(1);
            assertThat(dirs.get(0).getFileName().toString()).startsWith("zpm-");
            return dirs.get(0);
        }
    }

    private static Map<String, String> env() throws IOException {
        // The machine's programs (workers run sleep, sh, ...) and the JDK this test runs on, without Maven.
        Path path = Shell.machinePathWithoutMaven(tmp.resolve("path"));
        Files.createDirectories(tmp.resolve("home"));
        return Map.of("PATH", path.toString(), "HOME", tmp.resolve("home").toString());
    }

    private static void awaitListening(Process agent, int port) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            assertThat(agent.isAlive()).as("agent alive; its stderr:\n" + Files.readString(tmp.resolve("agent.err"))).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50); // polled with a deadline: the agent may be recording its class archive
            }
        }
        throw new AssertionError("the agent did not listen on " + port + " within 60 s:\n" + Files.readString(tmp.resolve("agent.err")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
