package zpm.repl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real agent JVM ({@code zpm.agent.app.Main}, from this test classpath) on free loopback
 * ports, with a temporary state directory, supervising {@code sleep} workers.
 */
public final class AgentProcess implements AutoCloseable {

    /** One app, "sleepy", with two workers that do nothing for a long time. */
    public static final String SLEEPY = "apps:\n  - name: sleepy\n    command: [sleep, \"100000\"]\n    size: 2\n"
            + "    killTimeout: 2000\n";

    private final Process process;
    private final Path dir;
    private final int port;
    private final List<Long> workers = new ArrayList<>();

    private AgentProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts the agent and waits until it takes connections and its workers are online. */
    public static AgentProcess start(Path dir, String configYaml) throws IOException {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, configYaml);
        int rpc = freePort();
        int http = freePort();
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx96m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "zpm.agent.app.Main", "--config", config.toString(),
                "--state-dir", dir.resolve("state").toString(), "--rpc", "127.0.0.1:" + rpc, "--http", "127.0.0.1:" + http);
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("agent.out").toFile())
                .redirectError(dir.resolve("agent.err").toFile()).start();
        AgentProcess agent = new AgentProcess(p, dir, rpc);
        try {
            Await.until("the agent listening on " + rpc, Await.DEFAULT, agent::ready, agent::logs);
        } catch (AssertionError e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("the agent exited with " + process.exitValue() + ":\n" + logs());
        }
        if (!Files.exists(tokenFile())) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path tokenFile() {
        return dir.resolve("state").resolve("token");
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    public String logs() {
        try {
            return Files.readString(dir.resolve("agent.out")) + Files.readString(dir.resolve("agent.err"));
        } catch (IOException e) {
            return "(no logs: " + e + ")";
        }
    }

    /** Remembers the workers' pids now, so that close() can end them if the agent does not. */
    public void rememberWorkers() {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(stateDir().resolve("pids.json")));
            root.path("workers").forEach(w -> workers.add(w.path("pid").asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the agent has recorded {@code n} live workers (its pids file), and remembers them. */
    public void awaitWorkers(int n) {
        Await.until(n + " workers recorded", Await.DEFAULT, () -> {
            try {
                JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(stateDir().resolve("pids.json")));
                return root.path("workers").size() == n;
            } catch (IOException e) {
                return false; // not written yet, or being replaced
            }
        }, this::logs);
        rememberWorkers();
    }

    /** SIGTERM (graceful quit: the agent stops its workers), SIGKILL if it takes too long. */
    @Override
    public void close() {
        try {
            rememberWorkers();
        } catch (UncheckedIOException e) {
            // No pids file: no workers were started.
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        workers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
}
