package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real agent JVM started by a test, with the pids it records in its state directory. */
public final class AgentProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final Process process;
    public final Path stateDir;
    public final Path stderr;
    private final List<Long> everSeen = new ArrayList<>();

    private AgentProcess(Process process, Path stateDir, Path stderr) {
        this.process = process;
        this.stateDir = stateDir;
        this.stderr = stderr;
    }

    /**
     * Starts {@code zpm.agent.app.Main} in its own session (setsid), with SIGINT and SIGHUP back to
     * their default action ({@code env --default-signal}): a test that sends them needs a JVM that
     * does not ignore them (the JVM installs no handler for an ignored one), and a build started in
     * the background of a non-interactive shell hands an ignored INT down to every child, nohup an
     * ignored HUP (setsid alone keeps them ignored).
     */
    /** Writes {@code dir/zpm.yaml}: the app {@code sleepers} ({@code size} workers of sleep), then {@code moreApps} (YAML list items). */
    public static Path sleepersConfig(Path dir, int size, String moreApps) throws IOException {
        return Files.writeString(dir.resolve("zpm.yaml"), "apps:\n"
                + "  - name: sleepers\n"
                + "    command: [sleep, \"100000\"]\n"
                + "    size: " + size + "\n" + moreApps);
    }

    public static AgentProcess start(Path dir, Path config, String... extra) throws IOException {
        return start(dir, config, List.of(), extra);
    }

    /** {@link #start(Path, Path, String...)} with more JVM options. */
    public static AgentProcess start(Path dir, Path config, List<String> jvmOptions, String... extra) throws IOException {
        return start(dir, dir.resolve("state"), config, jvmOptions, extra);
    }

    /**
     * The java that runs agents: this test's own, or {@code -Dzpm.test.java} (a launcher that runs
     * the JVM on another C library, e.g. to check the glibc 2.39+ spawn path on an older machine,
     * where this JVM's own executable is that library's loader).
     */
    static String java() {
        return System.getProperty("zpm.test.java", ProcessHandle.current().info().command().orElse("java"));
    }

    /** An agent whose output goes to {@code dir} and whose state directory is {@code state}. */
    public static AgentProcess start(Path dir, Path state, Path config, List<String> jvmOptions, String... extra)
            throws IOException {
        return startWrapped(dir, state, config, jvmOptions, List.of(), extra);
    }

    /**
     * As {@link #start(Path, Path, Path, List, String...)}, the JVM started through {@code wrapper}
     * (a command that ends by exec'ing its arguments, e.g. {@code unshare -m sh -c '... exec "$@"' sh}),
     * so that the agent's pid stays the process's.
     */
    public static AgentProcess startWrapped(Path dir, Path state, Path config, List<String> jvmOptions,
                                            List<String> wrapper, String... extra) throws IOException {
        Path err = dir.resolve("agent.err");
        List<String> cmd = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT,HUP"));
        cmd.addAll(wrapper);
        cmd.addAll(List.of(java(), "-Xmx96m", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "zpm.agent.app.Main", "--state-dir", state.toString()));
        // Port 0 unless the test chose: tests never collide with each other or with an agent here.
        if (!List.of(extra).contains("--rpc")) {
            cmd.addAll(List.of("--rpc", "127.0.0.1:0"));
        }
        if (!List.of(extra).contains("--http")) {
            cmd.addAll(List.of("--http", "127.0.0.1:0"));
        }
        if (config != null) {
            cmd.add("--config");
            cmd.add(config.toString());
        }
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("agent.out").toFile())
                .redirectError(err.toFile()).start();
        return new AgentProcess(p, state, err);
    }

    public long pid() {
        return process.pid();
    }

    /** The worker pids the agent recorded, by app; empty while there is no file yet. */
    public List<Long> workerPids(String app) {
        List<Long> pids = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(stateDir.resolve("pids.json")));
            for (JsonNode w : root.path("workers")) {
                if (app == null || app.equals(w.path("app").asText())) {
                    pids.add(w.path("pid").asLong());
                }
            }
        } catch (NoSuchFileException e) {
            return pids;
        } catch (IOException e) {
            return pids; // being replaced right now: the next look sees the new file
        }
        synchronized (everSeen) {
            for (long pid : pids) {
                if (!everSeen.contains(pid)) {
                    everSeen.add(pid);
                }
            }
        }
        return pids;
    }

    /** Waits until the agent records exactly n live workers of the app, and returns their pids. */
    public List<Long> awaitWorkers(String app, int n) {
        return Await.until(n + " live workers of " + app, () -> {
            List<Long> pids = workerPids(app);
            return pids.size() == n && pids.stream().noneMatch(Await::gone) ? pids : null;
        });
    }

    /** The TCP JSON-RPC port, from the banner (the agent listens on port 0). */
    public int rpcPort() {
        return bannerPort("JSON-RPC: tcp 127\\.0\\.0\\.1:(\\d+)");
    }

    /** The HTTP port (POST /rpc, WebSocket, SSE), from the banner. */
    public int httpPort() {
        return bannerPort("http http://127\\.0\\.0\\.1:(\\d+)/rpc");
    }

    private int bannerPort(String regex) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        return Integer.parseInt(Await.until("the banner", () -> {
            java.util.regex.Matcher m = pattern.matcher(stdoutText());
            return m.find() ? m.group(1) : null;
        }));
    }

    /** The agent's full token, from its state directory. */
    public String token() throws IOException {
        return Files.readString(stateDir.resolve("token")).trim();
    }

    /** A client logged in with the agent's full token. */
    public zpm.protocol.client.ZpmClient client() throws IOException {
        zpm.protocol.client.ZpmClient c = zpm.protocol.client.ZpmClient.builder().port(rpcPort()).token(token()).build();
        c.connect();
        return c;
    }

    public String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    public String stdoutText() {
        try {
            return Files.readString(stderr.resolveSibling("agent.out"));
        } catch (IOException e) {
            return "";
        }
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("agent still running after " + seconds + " s; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    /** Ends the agent with its whole process tree, and every worker it was ever seen to record, by pid. */
    @Override
    public void close() {
        // The tree first, while it is still one: once a worker dies its own children go to init,
        // and the parent-death signal that ends the workers with the agent does not reach them.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        synchronized (everSeen) {
            for (long pid : everSeen) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        endLeftCgroups();
    }

    /** The agent was SIGKILLed: its cgroups stay until a successor ends them, as the next agent would. */
    private void endLeftCgroups() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                zpm.agent.os.PidRegistry.endStale(stateDir);
            }
        } catch (IOException e) {
            System.err.println("cgroups of a test agent not ended: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void remember(long pid) {
        synchronized (everSeen) {
            everSeen.add(pid);
        }
    }
}
