package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zpm.agent.os.CgroupSupport;
import zpm.protocol.client.ZpmClient;

/**
 * A worker whose script daemonizes a grandchild (double fork + setsid: out of the worker's group,
 * session and parentage) on a real agent: the grandchild is gone after shutdown, a rolling
 * restart, terminate, agent.quit, and after a SIGKILLed agent's successor starts on the same
 * state directory; and no cgroup of the agent is left. Skipped where cgroup v2 is not writable:
 * there the agent tracks workers by process group, which a daemon leaves.
 */
class DaemonizedGrandchildIT {

    private static final String CONFIG = """
            apps:
              - name: d
                command: [sh, -c, "(setsid sleep 100000 &) ; exec sleep 100000"]
                size: 1
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @BeforeEach
    void needsCgroupV2() {
        CgroupSupport s = CgroupSupport.systemBlocking();
        assumeTrue(s.tracking().equals(CgroupSupport.CGROUP_V2),
                "cgroup v2 is not writable here (" + s.layout().v2() + "): workers are tracked by process group");
    }

    private AgentProcess agent(String name, Path state, String yaml) throws IOException {
        Path own = Files.createDirectories(dir.resolve(name));
        Path config = yaml == null ? null : Files.writeString(own.resolve("zpm.yaml"), yaml);
        return started.add(AgentProcess.start(own, state, config, List.of()));
    }

    /** The worker's daemon: the other process of its cgroup, found there whatever its parentage. */
    private static long daemonOf(AgentProcess a, long worker) {
        long daemon = Await.until("the daemon in the worker's cgroup", () -> {
            for (long p : procsOfCgroupOf(worker)) {
                // not the worker, nor the subshell that forks the daemon and exits: a process reparented away
                boolean detached = ProcessHandle.of(p).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                        .map(parent -> parent != worker).orElse(false);
                if (p != worker && detached) {
                    return p;
                }
            }
            return null;
        });
        a.remember(daemon);
        return daemon;
    }

    private static List<Long> procsOfCgroupOf(long pid) {
        try {
            String line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup")).stream()
                    .filter(l -> l.startsWith("0::")).findFirst().orElse("0::/");
            Path group = Path.of(mountOf(CgroupSupport.systemBlocking().layout().v2()) + line.substring(3));
            return Files.readAllLines(group.resolve("cgroup.procs")).stream().map(Long::parseLong).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The cgroup2 mount: the agent's own v2 dir minus the test JVM's own path in it. */
    private static String mountOf(Path v2) throws IOException {
        String self = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                .filter(l -> l.startsWith("0::")).findFirst().orElseThrow().substring(3);
        String dir = v2.toString();
        return self.equals("/") ? dir : dir.substring(0, dir.length() - self.length());
    }

    /** The agent's own cgroups, as its pids.json records them. */
    private static List<Path> agentGroups(AgentProcess a) {
        return Await.until("the agent's cgroups in pids.json", () -> {
            try {
                JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(Files.readAllBytes(a.stateDir.resolve("pids.json")));
                List<Path> groups = new java.util.ArrayList<>();
                for (JsonNode g : root.path("cgroups")) {
                    groups.add(Path.of(g.asText()));
                }
                return groups.isEmpty() ? null : groups;
            } catch (IOException e) {
                return null;
            }
        });
    }

    private static void call(AgentProcess a, String method, Map<String, Object> params) throws IOException {
        try (ZpmClient c = a.client()) {
            c.call(method, params);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shutdown", "terminate"})
    void stoppingTheAppEndsTheDaemon(String method) throws Exception {
        AgentProcess a = agent("a", dir.resolve("state"), CONFIG);
        long worker = a.awaitWorkers("d", 1).get(0);
        long daemon = daemonOf(a, worker);

        call(a, method, Map.of("target", "d"));

        Await.until("the daemon is gone", () -> Await.gone(daemon));
        assertThat(Await.gone(worker)).isTrue();
        assertNoCgroupLeftAfterClose(a);
    }

    /** Even an agent SIGKILLed by the test's clean-up leaves no group once its successor's clean-up ran. */
    private static void assertNoCgroupLeftAfterClose(AgentProcess a) {
        List<Path> groups = agentGroups(a);
        a.close();
        assertThat(groups).allSatisfy(g -> assertThat(g).doesNotExist());
    }

    @Test
    void rollingRestartEndsTheOldWorkersDaemon() throws Exception {
        AgentProcess a = agent("a", dir.resolve("state"), CONFIG);
        long worker = a.awaitWorkers("d", 1).get(0);
        long daemon = daemonOf(a, worker);

        call(a, "restart", Map.of("target", "d"));

        Await.until("the old daemon is gone", () -> Await.gone(daemon));
        long next = a.awaitWorkers("d", 1).get(0);
        assertThat(next).isNotEqualTo(worker);
        daemonOf(a, next);
        assertNoCgroupLeftAfterClose(a);
    }

    @Test
    void quitEndsTheDaemonAndRemovesTheAgentsCgroups() throws Exception {
        AgentProcess a = agent("a", dir.resolve("state"), CONFIG);
        long daemon = daemonOf(a, a.awaitWorkers("d", 1).get(0));
        List<Path> groups = agentGroups(a);

        call(a, "agent.quit", Map.of());

        assertThat(a.awaitExit(30)).isZero();
        assertThat(Await.gone(daemon)).isTrue();
        assertThat(groups).allSatisfy(g -> assertThat(g).doesNotExist());
    }

    @Test
    void theSuccessorOfASigkilledAgentEndsTheDaemonAndTheOldCgroups() throws Exception {
        Path state = dir.resolve("state");
        AgentProcess a = agent("a", state, CONFIG);
        long worker = a.awaitWorkers("d", 1).get(0);
        long daemon = daemonOf(a, worker);
        List<Path> groups = agentGroups(a);

        a.process.destroyForcibly().waitFor(); // SIGKILL: no close, no clean-up
        Await.until("the worker ended by its parent-death signal", () -> Await.gone(worker));
        assertThat(Await.gone(daemon)).as("the daemon outlives the killed agent").isFalse();

        AgentProcess next = agent("b", state, null);
        next.client().close(); // up: the state directory was cleared before the servers opened

        assertThat(Await.gone(daemon)).isTrue();
        assertThat(groups).allSatisfy(g -> assertThat(g).doesNotExist());
        call(next, "agent.quit", Map.of());
        assertThat(next.awaitExit(30)).isZero();
    }
}
