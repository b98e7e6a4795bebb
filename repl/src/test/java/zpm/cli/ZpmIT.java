package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.AgentProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * zpm's verbs against a real agent (named by --rpc, with its state directory for the token) and
 * real processes: the results as the console shows them, and --json as the methods return them.
 */
class ZpmIT {

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

    private static ZpmRun zpm(String... verb) {
        String[] args = new String[verb.length + 4];
        args[0] = "--state-dir";
        args[1] = agent.stateDir().toString();
        args[2] = "--rpc";
        args[3] = agent.address();
        System.arraycopy(verb, 0, args, 4, verb.length);
        return ZpmRun.run(args);
    }

    @Test
    void lsJsonIsStatusResultWithEachRowsApp() throws Exception {
        ZpmRun r = zpm("ls", "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode n = JSON.readTree(r.out());
        assertThat(n.fieldNames()).toIterable().containsExactly("workers");
        assertThat(n.path("workers")).hasSize(2);
        n.path("workers").forEach(w -> assertThat(w.path("app").asText()).isEqualTo("sleepy"));
        ZpmRun table = zpm("list");
        assertThat(table.out()).contains("APP").contains("sleepy").contains("2 workers");
    }

    @Test
    void nodesListsTheLoneAgentAsAFleetOfOne() throws Exception {
        ZpmRun r = zpm("nodes", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode nodes = JSON.readTree(r.out()).path("nodes");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).path("self").asBoolean()).isTrue();
        assertThat(nodes.get(0).path("state").asText()).isEqualTo("up");
        assertThat(zpm("nodes").out()).contains("this console's node").endsWith("1 node, 1 up\n");
    }

    @Test
    void startByNameStartsAStoppedAppAgainAtItsSize() throws Exception {
        Path script = dir.resolve("nap.sh");
        Files.writeString(script, "#!/bin/sh\nexec sleep 100000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(zpm("start", script.toString(), "-i", "2").code()).isZero();
        try {
            ZpmRun stopped = zpm("stop", "nap");
            assertThat(stopped.code()).as(stopped.toString()).isZero();
            assertThat(JSON.readTree(zpm("ls", "nap", "--json").out()).path("workers")).isEmpty();
            ZpmRun started = zpm("start", "nap"); // PM2's `pm2 start api`: the name of an app the agent knows
            assertThat(started.code()).as(started.toString()).isZero();
            JsonNode workers = JSON.readTree(zpm("ls", "nap", "--json").out()).path("workers");
            assertThat(workers).hasSize(2);
            workers.forEach(w -> assertThat(w.path("state").asText()).isEqualTo("online"));
        } finally {
            zpm("delete", "nap");
        }
    }

    @Test
    void startAScriptNamedAfterItThenScaleDescribeAndDelete() throws Exception {
        Path script = dir.resolve("tick.sh");
        Files.writeString(script, "#!/bin/sh\necho tick $$\nexec sleep 100000\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ZpmRun started = zpm("start", script.toString(), "-i", "2", "--json");
        assertThat(started.code()).as(started.toString()).isZero();
        JsonNode app = JSON.readTree(started.out()).path("app");
        assertThat(app.path("name").asText()).isEqualTo("tick");
        assertThat(app.path("spec").path("command").get(0).asText()).isEqualTo("sh");
        try {
            ZpmRun scaled = zpm("scale", "tick", "3", "--json");
            assertThat(scaled.code()).as(scaled.toString()).isZero();
            assertThat(JSON.readTree(scaled.out()).path("app").path("size").asInt()).isEqualTo(3);
            JsonNode described = JSON.readTree(zpm("describe", "tick", "--json").out());
            assertThat(described.path("app").path("spec").path("command").toString()).contains("tick.sh");
            assertThat(described.path("workers")).hasSize(3);
            assertThat(zpm("describe", "tick").out()).contains("\"command\"").contains("tick.sh").contains("3 workers");
            ZpmRun logs = zpm("logs", "tick", "-n", "10");
            assertThat(logs.code()).as(logs.toString()).isZero();
        } finally {
            ZpmRun deleted = zpm("delete", "tick");
            assertThat(deleted.code()).as(deleted.toString()).isZero();
        }
        assertThat(JSON.readTree(zpm("ls", "--json").out()).path("workers")).hasSize(2);
    }

    @Test
    void anErrorOfTheAgentExitsOneWithTheAppsNearestName() {
        ZpmRun r = zpm("restart", "sleepi");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("no app named \"sleepi\"").contains("did you mean sleepy?");
        ZpmRun json = zpm("describe", "nope", "--json");
        assertThat(json.code()).isEqualTo(1);
        assertThat(json.out()).contains("\"error\"");
    }

    @Test
    void startFileStartsEveryAppOfAConfigFile() throws Exception {
        Path file = dir.resolve("two-apps.yaml");
        Files.writeString(file, """
                apps:
                  - name: filea
                    command: [sleep, "100000"]
                    size: 2
                  - name: fileb
                    command: [sleep, "100000"]
                """);
        try {
            ZpmRun started = zpm("start", file.toString());
            assertThat(started.code()).as(started.toString()).isZero();
            Map<String, Integer> online = new TreeMap<>();
            for (JsonNode w : JSON.readTree(zpm("ls", "--json").out()).path("workers")) {
                if (w.path("state").asText().equals("online")) {
                    online.merge(w.path("app").asText(), 1, Integer::sum);
                }
            }
            assertThat(online).containsEntry("filea", 2).containsEntry("fileb", 1);
        } finally {
            zpm("delete", "filea");
            zpm("delete", "fileb");
        }
    }

    @Test
    void aWrongTokenExitsFour() throws Exception {
        ZpmRun r = ZpmRun.run(Path.of("/nonexistent"), java.util.Map.of("ZPM_TOKEN", "wrong"), "--state-dir",
                agent.stateDir().toString(), "--rpc", agent.address(), "ls");
        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        ZpmRun json = ZpmRun.run(Path.of("/nonexistent"), java.util.Map.of("ZPM_TOKEN", "wrong"), "--state-dir",
                agent.stateDir().toString(), "--rpc", agent.address(), "ls", "--json");
        assertThat(json.code()).as(json.toString()).isEqualTo(4);
        assertThat(JSON.readTree(json.out()).path("error").path("message").asText()).contains("token");
    }

    @Test
    void nothingListeningAndNoWayToStartOneExitsThree() throws Exception {
        int port = AgentProcess.freePort();
        ZpmRun r = ZpmRun.run("--state-dir", dir.resolve("elsewhere").toString(), "--rpc", "127.0.0.1:" + port, "ls");
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("could not run").contains("zpm-agent");
        ZpmRun json = ZpmRun.run("--state-dir", dir.resolve("elsewhere").toString(), "--rpc", "127.0.0.1:" + port,
                "ls", "--json");
        assertThat(json.code()).as(json.toString()).isEqualTo(3);
        assertThat(JSON.readTree(json.out()).path("error").path("message").asText()).contains("could not run");
    }
}
