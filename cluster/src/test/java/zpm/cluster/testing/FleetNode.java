package zpm.cluster.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zpm.protocol.client.ZpmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent JVM of a test fleet: its own directory (config, output), state directory and ports,
 * started in its own session; ended by pid with every worker it was ever seen to record.
 */
public final class FleetNode implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RPC_PORT = Pattern.compile("JSON-RPC: tcp [^:\\s]+:(\\d+)");

    public final NodeSpec spec;
    public final Process process;
    private final Set<Long> everSeen = ConcurrentHashMap.newKeySet();
    private volatile ZpmClient client;

    private FleetNode(NodeSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the agent of {@code spec}; returns at once (the fleet forms in the background). */
    public static FleetNode start(NodeSpec spec) throws IOException {
        Files.createDirectories(spec.dir());
        Process p = new ProcessBuilder(spec.command())
                .redirectOutput(spec.dir().resolve("agent.out").toFile())
                .redirectError(spec.dir().resolve("agent.err").toFile()).start();
        return new FleetNode(spec, p);
    }

    public String name() {
        return spec.name();
    }

    public long pid() {
        return process.pid();
    }

    public Path stateDir() {
        return spec.stateDir();
    }

    /** The TCP JSON-RPC port, from the banner (the agent listens on port 0). */
    public int rpcPort() {
        return Integer.parseInt(Await.until(name() + "'s banner", () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name() + " exited with " + process.exitValue() + ":\n" + stderrText());
            }
            Matcher m = RPC_PORT.matcher(stdoutText());
            return m.find() ? m.group(1) : null;
        }));
    }

    /** "127.0.0.1:PORT" of the JSON-RPC server, as zpm-repl takes it. */
    public String rpcAddress() {
        return "127.0.0.1:" + rpcPort();
    }

    public Path tokenFile() {
        return stateDir().resolve("token");
    }

    public String token() {
        try {
            return Files.readString(tokenFile()).trim();
        } catch (IOException e) {
            throw new AssertionError("no token for " + name() + ": " + e);
        }
    }

    /** This test's client of the node, logged in with the full token; made on first use. */
    public synchronized ZpmClient client() {
        if (client == null) {
            ZpmClient c = ZpmClient.builder().port(rpcPort()).token(token()).build();
            c.connect();
            client = c;
        }
        return client;
    }

    public JsonNode call(String method, Map<String, ?> params) {
        return client().call(method, params);
    }

    public JsonNode call(String method) {
        return client().call(method);
    }

    /** A new raw connection for events (the test reads the event JSON as the agent wrote it). */
    public RawRpc raw() throws IOException {
        return RawRpc.open("127.0.0.1", rpcPort(), token());
    }

    /** The worker pids the agent recorded in its state directory, by app (null: all). */
    public List<Long> workerPids(String app) {
        List<Long> pids = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(stateDir().resolve("pids.json")));
            for (JsonNode w : root.path("workers")) {
                if (app == null || app.equals(w.path("app").asText())) {
                    pids.add(w.path("pid").asLong());
                }
            }
        } catch (IOException e) {
            return pids; // not written yet, or being replaced right now: the next look sees it
        }
        everSeen.addAll(pids);
        return pids;
    }

    /** Waits until the agent records exactly n live workers of the app, and returns their pids. */
    public List<Long> awaitWorkers(String app, int n) {
        return Await.until(n + " live workers of " + app + " on " + name(), () -> {
            List<Long> pids = workerPids(app);
            return pids.size() == n && pids.stream().noneMatch(Await::gone) ? pids : null;
        });
    }

    /** Every worker pid this test saw the node record. */
    public Set<Long> seenWorkers() {
        return Set.copyOf(everSeen);
    }

    public String stdoutText() {
        return read(spec.dir().resolve("agent.out"));
    }

    public String stderrText() {
        return read(spec.dir().resolve("agent.err"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL of the agent JVM alone: what a crash does (its workers go by the parent-death signal). */
    public void kill() {
        closeClient();
        process.destroyForcibly();
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name() + " still running after " + seconds + " s; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    private void closeClient() {
        ZpmClient c;
        synchronized (this) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.close();
        }
    }

    /** Ends the agent with its whole process tree and every worker it was seen to record, by pid. */
    @Override
    public void close() {
        closeClient();
        workerPids(null);
        // The tree first, while it is still one: a worker's own children go to init once it dies.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        everSeen.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        endLeftCgroups();
    }

    /** A SIGKILLed agent leaves its cgroups: end them as the next agent on the state directory would. */
    private void endLeftCgroups() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                zpm.agent.os.PidRegistry.endStale(stateDir());
            }
        } catch (IOException e) {
            System.err.println("cgroups of test node " + name() + " not ended: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
