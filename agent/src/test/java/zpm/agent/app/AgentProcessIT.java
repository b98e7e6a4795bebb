package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.Signal;
import zpm.agent.os.Kill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real agent as an operator runs it: its signals, its exit codes, and what it leaves behind. */
class AgentProcessIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private AgentProcess agent(String yaml) throws IOException {
        Path config = null;
        if (yaml != null) {
            config = dir.resolve("zpm.yaml");
            Files.writeString(config, yaml);
        }
        return started.add(AgentProcess.start(dir, config));
    }

    private static final String SLEEPERS = """
            apps:
              - name: sleepers
                command: [sleep, "100000"]
                size: 2
            """;

    @Test
    void sigtermQuitsGracefullyWithExitZeroAndNoWorkerLeft() throws Exception {
        AgentProcess a = agent(SLEEPERS);
        List<Long> pids = a.awaitWorkers("sleepers", 2);

        Kill.kill(a.pid(), Signal.TERM.number);

        assertThat(a.awaitExit(60)).as(a.stderrText()).isZero();
        for (long pid : pids) {
            assertThat(Await.gone(pid)).as("worker " + pid + " gone").isTrue();
        }
    }

    @Test
    void aSecondSigintQuitsHardWhenWorkersIgnoreTerm() throws Exception {
        AgentProcess a = agent("""
                apps:
                  - name: stubborn
                    command: [sh, -c, "trap '' TERM; sleep 100000 & wait; wait"]
                    killTimeout: 120000
                """);
        long pid = a.awaitWorkers("stubborn", 1).get(0);
        long child = Await.until("the worker's child", () -> ProcessHandle.of(pid).orElseThrow().children()
                .findFirst().map(ProcessHandle::pid).orElse(null));
        a.remember(child);

        Kill.kill(a.pid(), Signal.INT.number);
        Await.until("graceful quit under way", () -> a.stderrText().contains("graceful quit"));
        assertThat(a.process.isAlive()).as("the first SIGINT waits for the kill timeout").isTrue();
        Kill.kill(a.pid(), Signal.INT.number);

        assertThat(a.awaitExit(60)).isEqualTo(1);
        Await.until("worker gone", () -> Await.gone(pid));
        Await.until("its child gone", () -> Await.gone(child));
    }

    @Test
    void sighupRestartsEveryWorkerIntoItsSlot() throws Exception {
        AgentProcess a = agent(SLEEPERS);
        List<Long> before = a.awaitWorkers("sleepers", 2);

        Kill.kill(a.pid(), Signal.HUP.number);

        List<Long> after = Await.until("two new workers", () -> {
            List<Long> now = a.workerPids("sleepers");
            return now.size() == 2 && now.stream().noneMatch(before::contains)
                    && now.stream().noneMatch(Await::gone) ? now : null;
        });
        assertThat(after).doesNotContainAnyElementsOf(before);
        for (long pid : before) {
            Await.until("old worker " + pid + " gone", () -> Await.gone(pid));
        }
        assertThat(a.process.isAlive()).isTrue();
    }

    @Test
    void sigkillOfTheAgentLeavesNoWorkerAndTheNextStartEndsGrandchildren() throws Exception {
        AgentProcess a = agent("""
                apps:
                  - name: sleepers
                    command: [sleep, "100000"]
                    size: 2
                  - name: parent
                    command: [sh, -c, "sleep 100000 & wait"]
                """);
        List<Long> direct = new ArrayList<>(a.awaitWorkers("sleepers", 2));
        long parent = a.awaitWorkers("parent", 1).get(0);
        direct.add(parent);
        long grandchild = Await.until("the grandchild", () -> ProcessHandle.of(parent).orElseThrow().children()
                .findFirst().map(ProcessHandle::pid).orElse(null));
        a.remember(grandchild);

        Kill.kill(a.pid(), Signal.KILL.number);
        assertThat(a.awaitExit(30)).isEqualTo(128 + 9);
        for (long pid : direct) {
            Await.until("worker " + pid + " ended by the parent-death signal", Duration.ofSeconds(15),
                    () -> Await.gone(pid));
        }

        // The grandchild escaped the parent-death signal; the next agent finds and ends it.
        AgentProcess next = AgentProcess.start(dir, null);
        started.add(next);
        Await.until("the leftover grandchild ended by the next agent", () -> Await.gone(grandchild));
        Await.until("the next agent is up", () -> next.stdoutText().contains("zpm agent pid="));
        Kill.kill(next.pid(), Signal.TERM.number);
        assertThat(next.awaitExit(60)).isZero();
    }

    @Test
    void aSigtermDuringStartUpIsStillAGracefulQuit() throws Exception {
        AgentProcess a = agent(SLEEPERS);
        Await.until("the JVM is running", () -> a.process.isAlive());
        Kill.kill(a.pid(), Signal.TERM.number);
        int code = a.awaitExit(60);
        // Before the handler is installed the JVM's own TERM exit (143) is all there is; from
        // then on every TERM is a graceful quit (0) that leaves no worker behind.
        assertThat(code).as(a.stderrText()).isIn(0, 143);
        for (long pid : a.workerPids(null)) {
            Await.until("worker " + pid + " gone", () -> Await.gone(pid));
        }
    }

    @Test
    void aPortInUseStopsTheStartBeforeAnyWorkerIsForked() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("zpm.yaml");
            Files.writeString(config, SLEEPERS);
            AgentProcess a = AgentProcess.start(dir, config, "--rpc", "127.0.0.1:" + taken.getLocalPort());
            started.add(a);
            assertThat(a.awaitExit(60)).isEqualTo(1);
            assertThat(a.stderrText()).contains("127.0.0.1:" + taken.getLocalPort() + " is already in use")
                    .contains("--rpc");
            assertThat(a.workerPids(null)).isEmpty();
            assertThat(a.stderrText()).doesNotContain("STARTING");
        }
    }

    @Test
    void theRpcServerAnswersWithTheTokenTheAgentMade() throws Exception {
        AgentProcess a = agent(SLEEPERS);
        a.awaitWorkers("sleepers", 2);
        int port = rpcPort(a);
        String token = Files.readString(a.stateDir.resolve("token")).trim();
        assertThat(Files.getPosixFilePermissions(a.stateDir.resolve("token")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (zpm.protocol.client.ZpmClient client = zpm.protocol.client.ZpmClient.builder()
                .port(port).token(token).build()) {
            client.connect();
            assertThat(client.call("status").get("workers")).hasSize(2);
            assertThat(client.call("agent.quit").get("quitting").asBoolean()).isTrue();
        }
        assertThat(a.awaitExit(60)).isZero();
    }

    @Test
    void anAppStartedAtRunTimeComesBackWithTheNextAgent() throws Exception {
        AgentProcess first = agent(null);
        int port = rpcPort(first);
        String token = Files.readString(first.stateDir.resolve("token")).trim();
        try (zpm.protocol.client.ZpmClient client = zpm.protocol.client.ZpmClient.builder()
                .port(port).token(token).build()) {
            client.connect();
            client.call("apps.start", java.util.Map.of("app",
                    java.util.Map.of("name", "late", "command", List.of("sleep", "100000"), "size", 2)));
        }
        first.awaitWorkers("late", 2);
        Kill.kill(first.pid(), Signal.TERM.number);
        assertThat(first.awaitExit(60)).isZero();

        AgentProcess second = AgentProcess.start(dir, null);
        started.add(second);
        assertThat(second.awaitWorkers("late", 2)).hasSize(2);
        Kill.kill(second.pid(), Signal.TERM.number);
        assertThat(second.awaitExit(60)).isZero();
    }

    /**
     * A worker printing as fast as it can ({@code seq}, like {@code yes}) once filled the agent's
     * log with every line (326 MiB in 30 s): now the log gets a sample and a count, {@code logs}
     * every line. {@code -Dzpm.soak.echoLines=10000000} for the full flood.
     */
    @Test
    void aFastWorkerDoesNotFloodTheAgentsLogWhileLogsKeepsItsLines() throws Exception {
        int lines = Integer.getInteger("zpm.soak.echoLines", 50_000);
        AgentProcess a = agent("""
                apps:
                  - name: chatty
                    command: [sh, -c, "seq 1 %d; sleep 1.2; echo done; exec sleep 100000"]
                """.formatted(lines));
        a.awaitWorkers("chatty", 1);
        String token = Files.readString(a.stateDir.resolve("token")).trim();
        try (zpm.protocol.client.ZpmClient client = zpm.protocol.client.ZpmClient.builder()
                .port(rpcPort(a)).token(token).build()) {
            client.connect();
            Await.until("the worker's last line in logs", () -> client.call("logs",
                    java.util.Map.of("target", "chatty", "lines", 2)).get("lines").toString().contains("done") ? true : null);
            JsonNode tail = client.call("logs", java.util.Map.of("target", "chatty", "lines", 2)).get("lines");
            assertThat(tail.get(0).get("text").asText()).isEqualTo(String.valueOf(lines));
        }
        String err = a.stderrText();
        assertThat(err).contains("lines not echoed here");
        assertThat(err.lines().filter(l -> l.contains("app=chatty worker=")).count())
                .as("echoed worker lines").isLessThanOrEqualTo(60);
        assertThat(Files.size(a.stderr)).as("the agent's log, bytes").isLessThan(64 * 1024);
    }

    private static int rpcPort(AgentProcess a) {
        return a.rpcPort();
    }

    @Test
    void aBadConfigStopsTheAgentWithExitTwoAndOneLinePerProblem() throws Exception {
        AgentProcess a = agent("""
                apps:
                  - name: web
                    command: []
                    size: -1
                  - name: web
                    command: [sleep, "1"]
                    restrt: always
                """);
        assertThat(a.awaitExit(60)).isEqualTo(2);
        String err = a.stderrText();
        assertThat(err).contains("zpm.yaml: apps[0].command").contains("apps[0].size")
                .contains("duplicate app name").contains("apps[1].restrt: unknown key");
    }
}
