package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.AgentProcess;
import zpm.repl.testing.ReplProcess;
import zpm.repl.testing.ReplProcess.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** zpm-repl in scripted mode against a real agent with real `sleep` workers. */
class ReplIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static AgentProcess agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = AgentProcess.start(dir, AgentProcess.SLEEPY);
        agent.awaitWorkers(2);
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    private static Result repl(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("connect", agent.address(), "--token-file", agent.tokenFile().toString()));
        all.addAll(List.of(args));
        return ReplProcess.run(dir, stdin, all.toArray(String[]::new));
    }

    private static JsonNode status() throws Exception {
        Result r = repl("", "--json", "-c", "status");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode s = JSON.readTree(r.out());
        agent.rememberWorkers();
        return s;
    }

    private static List<Long> ids(JsonNode status) {
        List<Long> ids = new ArrayList<>();
        status.path("workers").forEach(w -> ids.add(w.path("id").asLong()));
        return ids;
    }

    @Test
    void statusPrintsATableOfTheWorkers() throws Exception {
        Result r = repl("", "-c", "status");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).startsWith("ID  SLOT  APP").contains("PID", "STATE", "AGE", "RESTARTS", "CPU", "MEM", "CONNS");
        assertThat(lines.subList(1, lines.size() - 1)).hasSize(2).allSatisfy(l -> assertThat(l).contains("sleepy", "online"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("2 workers, 2 online");
        assertThat(r.out()).doesNotContain("\u001b["); // no colors without a terminal
    }

    /** A lone agent is a fleet of one: nodes lists it, tables and prompt read as before, NODE/ names only it. */
    @Test
    void aLoneAgentIsAFleetOfOneNode() throws Exception {
        Result r = repl("", "-c", "nodes; status");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).startsWith("NAME  ADDRESS").contains("VERSION", "UP", "APPS", "WORKERS", "STATE");
        assertThat(lines.get(1)).contains(" up ", "this console's node");
        assertThat(lines.get(2)).isEqualTo("1 node, 1 up");
        assertThat(lines.get(3)).as("no NODE column alone").startsWith("ID  SLOT  APP");

        JsonNode nodes = JSON.readTree(repl("", "--json", "-c", "nodes").out()).path("nodes");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).path("self").asBoolean()).isTrue();
        assertThat(nodes.get(0).path("state").asText()).isEqualTo("up");
        String name = nodes.get(0).path("name").asText();

        Result own = repl("", "-c", "status " + name + "/sleepy");
        assertThat(own.exit()).as(own.toString()).isZero();
        assertThat(own.lines().get(0)).as("its own node named: still no NODE column").startsWith("ID  SLOT  APP");
        Result other = repl("", "-c", "restart nosuchnode/sleepy");
        assertThat(other.exit()).as(other.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(other.err()).as("-32016 names the known nodes").contains("nosuchnode").contains(name);
    }

    /**
     * Lines an earlier agent's worker 9 (slot 1) wrote yesterday, in the agent's log file: the
     * console shows them with their date, worker, slot and stream, filtered agent-side.
     */
    @Test
    void logsShowHistoryFromTheFilesFilteredBySinceAndGrep() throws Exception {
        Path logs = agent.stateDir().resolve("logs");
        Files.createDirectories(logs);
        Instant t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        DateTimeFormatter ts = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            file.append(ts.format(t0.plusMillis(i))).append(" 9/1 ").append(i % 50 == 0 ? "boom " : "tick ").append(i)
                    .append('\n');
        }
        Files.writeString(logs.resolve("sleepy.err.log"), file);

        Result r = repl("", "-c", "logs sleepy --since 2d --grep boom -n 3");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.lines()).hasSize(3);
        String day = LocalDate.ofInstant(t0, ZoneId.systemDefault()).toString();
        assertThat(r.lines().get(2)).startsWith(day + " ").endsWith(" sleepy#9/1 err boom 150");
        assertThat(repl("", "-c", "logs sleepy --since 1h --grep boom").out()).isEqualTo("no output yet\n");
        Result j = repl("", "--json", "-c", "logs sleepy --grep '^boom 1\\d0$' --regex");
        assertThat(JSON.readTree(j.out()).path("lines").get(0).path("text").asText()).isEqualTo("boom 100");
        Result bad = repl("", "-c", "logs sleepy --since yesterday");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("2026-12-06T07:30:00Z", "30s, 10m, 2h or 1d");
    }

    @Test
    void restartReplacesEveryWorkerOfTheApp() throws Exception {
        List<Long> before = ids(status());
        Result r = repl("", "-c", "restart sleepy");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("restarted 2 workers: ");
        List<Long> after = ids(status());
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    }

    @Test
    void resizeChangesTheNumberOfWorkers() throws Exception {
        Result r = repl("", "-c", "resize sleepy 3; status sleepy; resize sleepy 2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.lines()).contains("sleepy: running, size 3, 3 workers, 3 online", "3 workers, 3 online",
                "sleepy: running, size 2, 2 workers, 2 online");
        assertThat(ids(status())).hasSize(2);
    }

    @Test
    void jsonPrintsOneObjectPerCommandFailuresIncluded() throws Exception {
        Result r = repl("", "--json", "-c", "status; apps; info; restart nosuchapp");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        List<String> lines = r.lines();
        assertThat(lines).hasSize(4);
        assertThat(JSON.readTree(lines.get(0)).path("workers").size()).isEqualTo(2);
        assertThat(JSON.readTree(lines.get(1)).path("apps").get(0).path("name").asText()).isEqualTo("sleepy");
        assertThat(JSON.readTree(lines.get(2)).path("pid").asLong()).isPositive();
        assertThat(JSON.readTree(lines.get(3)).path("error").path("code").asInt()).isEqualTo(-32010);
        assertThat(r.err()).contains("restart: ").contains("nosuchapp");
    }

    @Test
    void appsWithAnAppShowsItsWholeSpec() throws Exception {
        Result r = repl("", "-c", "apps sleepy");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("sleepy: running, size 2, 2 workers, 2 online")
                .containsPattern("\\n  command: +sleep 100000\\n").containsPattern("\\n  killTimeout: +2000\\n")
                .containsPattern("\\n  restart: +always\\n").containsPattern("\\n  backoff: +\\{\"initialMs\":");
        Result j = repl("", "--json", "-c", "apps sleepy");
        assertThat(JSON.readTree(j.out()).path("spec").path("killTimeout").asInt()).as(j.toString()).isEqualTo(2000);
        Result wrong = repl("", "-c", "apps sleppy");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(wrong.err()).contains("no app named \"sleppy\"").contains("did you mean sleepy?");
    }

    @Test
    void commandsPipedToStdinRunLineByLineUntilQuit() throws Exception {
        Result r = repl("status sleepy\n# a comment\n\napps\nquit\nstatus\n");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsOnlyOnce("2 workers, 2 online").contains("NAME", "sleepy  running");
    }

    @Test
    void aFailedCommandExits1AndSuggestsTheApp() throws Exception {
        Result r = repl("", "-c", "restart sleppy; status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("did you mean sleepy?");
        assertThat(r.out()).contains("2 workers, 2 online"); // the script went on
    }

    @Test
    void aUsageErrorExits2AndRunsNothing() throws Exception {
        Result r = repl("", "-c", "resize sleepy 4; stauts");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown command \"stauts\": did you mean status");
        assertThat(r.out()).isEmpty();
        assertThat(ids(status())).hasSize(2);
    }

    @Test
    void aWrongTokenExits4AndSaysWhatToTry() throws Exception {
        Result r = ReplProcess.run(dir, "", "connect", agent.address(), "--token", "wrong", "-c", "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).startsWith("zpm-repl: the agent at " + agent.address() + " refused the token from --token")
                .contains("--token-file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void noTokenAtAllExits4() throws Exception {
        Result r = ReplProcess.run(dir, "", "connect", agent.address(), "--state-dir", dir.resolve("elsewhere").toString(),
                "-c", "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("no token for the agent at " + agent.address());
    }

    @Test
    void theTokenFileOfALocalAgentIsFoundThroughItsStateDir() throws Exception {
        Result r = ReplProcess.run(dir, "", "connect", agent.address(), "--state-dir", agent.stateDir().toString(),
                "-c", "info");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("stateDir:", agent.stateDir().toString());
    }

    @Test
    void aMistypedStateDirGetsTheReasonFromTheOs() throws Exception {
        Path typo = agent.stateDir().resolveSibling("stat");
        Result r = ReplProcess.run(dir, "", "connect", agent.address(), "--state-dir", typo.toString(), "-c", "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("the state directory " + typo + ": No such file or directory (mistyped?");
        Path file = Files.writeString(dir.resolve("not-a-dir"), "");
        Result notDir = ReplProcess.run(dir, "", "connect", agent.address(), "--state-dir", file.resolve("zpm").toString(),
                "-c", "status");
        assertThat(notDir.err()).as(notDir.toString()).contains(file.resolve("zpm") + ": Not a directory");
        int closed = AgentProcess.freePort();
        Result nobody = ReplProcess.run(dir, "", "connect", "127.0.0.1:" + closed, "--state-dir", typo.toString(),
                "-c", "status");
        assertThat(nobody.exit()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(nobody.err()).contains("nothing is listening on 127.0.0.1:" + closed)
                .contains("(and --state-dir " + typo + ": No such file or directory)");
    }

    @Test
    void connectOnALiveConnectionSaysSoAndChangesNothing() throws Exception {
        Result r = repl("", "-c", "connect; status sleepy");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("already connected to " + agent.address() + "\n").contains("2 workers, 2 online");
    }

    @Test
    void nothingListeningExits3() throws Exception {
        int closed = AgentProcess.freePort();
        Result r = ReplProcess.run(dir, "", "connect", "127.0.0.1:" + closed, "--token", "x", "-c", "status");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).isEqualTo("zpm-repl: nothing is listening on 127.0.0.1:" + closed
                + ": is the agent running? (start it with bin/zpm-agent)\n");
    }

    @Test
    void theLauncherRunsFromAnywhereWithoutWarnings() throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).resolve("../bin/zpm-repl").normalize();
        Result r = ReplProcess.exec(dir, List.of(launcher.toString(), "connect", agent.address(), "--token-file",
                agent.tokenFile().toString(), "-c", "status"), "", Map.of());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).endsWith("2 workers, 2 online\n");
        assertThat(Files.isExecutable(launcher)).isTrue();
    }
}
