package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background agent on demand, with real agent JVMs: zpm start with no agent starts one,
 * the next zpm reuses it, save + kill + resurrect brings back the same apps at their sizes.
 * The agent runs from this test classpath through a
 * bin/zpm-agent of a temporary zpm home (the real launcher would build the examples first).
 */
class ZpmDaemonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path home;
    private Path state;
    private final List<Long> agents = new ArrayList<>();

    @BeforeEach
    void zpmHome() throws IOException {
        home = Files.createDirectories(dir.resolve("home/bin"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path launcher = home.resolve("zpm-agent");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -Xmx96m -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' zpm.agent.app.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = home.getParent();
        state = dir.resolve("state");
    }

    @AfterEach
    void endEverything() {
        if (state == null) {
            return;
        }
        rememberAgent();
        zpm("kill");
        List<Long> workers = workerPids();
        agents.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        workers.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void startWithNoAgentStartsOneAndTheNextReusesIt() throws Exception {
        ZpmRun first = zpm("start", sleeper("one").toString(), "-i", "2");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.err()).contains("no agent on " + state + ", started one (pid ");
        long pid = rememberAgent();
        ZpmRun second = zpm("start", sleeper("two").toString());
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("started one");
        assertThat(rememberAgent()).isEqualTo(pid);
        assertThat(sizes()).containsEntry("one", 2).containsEntry("two", 1);
    }

    @Test
    void saveKillResurrectBringsBackTheSameAppsAndSizes() throws Exception {
        assertThat(zpm("start", sleeper("web").toString(), "-i", "3").code()).isZero();
        assertThat(zpm("start", sleeper("api").toString()).code()).isZero();
        rememberAgent();
        ZpmRun saved = zpm("save", "--json");
        assertThat(saved.code()).as(saved.toString()).isZero();
        assertThat(JSON.readTree(saved.out()).path("path").asText()).isEqualTo(state.resolve("saved.json").toString());
        List<Long> before = workerPids();
        ZpmRun killed = zpm("kill");
        assertThat(killed.code()).as(killed.toString()).isZero();
        assertThat(Files.exists(state.resolve("agent.json"))).isFalse();
        before.forEach(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        ZpmRun back = zpm("resurrect", "--json");
        assertThat(back.code()).as(back.toString()).isZero();
        rememberAgent();
        assertThat(sizes()).containsEntry("web", 3).containsEntry("api", 1);
        ZpmRun again = zpm("resurrect", "--json");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(JSON.readTree(again.out()).path("started")).isEmpty();
    }

    @Test
    void anAgentThatCannotServeGivesItsOwnReasonAndLeavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String http = "127.0.0.1:" + taken.getLocalPort();
            ZpmRun r = zpm("--http", http, "ls");
            assertThat(r.code()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("could not start an agent on " + state).contains("before it served")
                    .contains(http).contains("in use");
            assertThat(AgentFile.live(state)).isEmpty();
        }
    }

    private ZpmRun zpm(String... verb) {
        List<String> args = new ArrayList<>(List.of("--state-dir", state.toString()));
        args.addAll(Arrays.asList(verb));
        return ZpmRun.run(home, Map.of(), args.toArray(new String[0]));
    }

    private Path sleeper(String name) throws IOException {
        Path p = dir.resolve(name + ".sh");
        Files.writeString(p, "#!/bin/sh\nexec sleep 100000\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** App name -> number of workers online now (waits for none: apps.start answers once they are). */
    private Map<String, Integer> sizes() throws IOException {
        Map<String, Integer> sizes = new TreeMap<>();
        for (JsonNode w : JSON.readTree(zpm("ls", "--json").out()).path("workers")) {
            sizes.merge(w.path("app").asText(), 1, Integer::sum);
        }
        return sizes;
    }

    private long rememberAgent() {
        long pid = AgentFile.live(state).map(AgentFile::pid).orElse(-1L);
        if (pid > 0 && !agents.contains(pid)) {
            agents.add(pid);
        }
        return pid;
    }

    private List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        try {
            JSON.readTree(Files.readAllBytes(state.resolve("pids.json"))).path("workers")
                    .forEach(w -> pids.add(w.path("pid").asLong()));
        } catch (IOException e) {
            // no workers recorded
        }
        return pids;
    }
}
