package zpm.repl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.CannedFleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** zpm-repl -c against node a of a canned 3-node fleet: tables, warnings and exit codes over a real socket. */
class FleetScriptTest {

    @TempDir
    Path dir;

    private CannedFleet fleet;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        fleet = new CannedFleet();
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
    }

    private int run(String... script) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t\n");
        String[] args = {"connect", fleet.address(), "--token-file", token.toString(), "--no-color", "-c", String.join("; ", script)};
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), dir.toString(), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusShowsTheNodeColumnAndSaysWhichNodeDidNotAnswerWithExitZero() throws Exception {
        assertThat(run("status")).as(err()).isZero();
        assertThat(out()).startsWith("NODE   ID  SLOT  APP").contains("\nb     b/3     0  api");
        assertThat(err()).isEqualTo("zpm-repl: node c is missing from this answer: did not answer within 3000 ms\n");
    }

    @Test
    void nodesListsTheFleet() throws Exception {
        assertThat(run("nodes")).isZero();
        assertThat(out()).contains("c     127.0.0.1:15703").endsWith("3 nodes, 2 up\n");
    }

    @Test
    void aChangeSpreadOverNodesIsOneLinePerNodeAndARefusingNodeFailsTheScript() throws Exception {
        fleet.answer("restart", "{\"nodes\":[{\"node\":\"a\",\"result\":{\"replaced\":[1,2],\"started\":[5,6]}},"
                + "{\"node\":\"b\",\"error\":{\"code\":-32015,\"message\":\"worker 9 did not come online\"}}],"
                + "\"unreachable\":[]}");
        assertThat(run("restart web")).isEqualTo(ExitCodes.FAILED);
        assertThat(out()).isEqualTo("a: restarted 2 workers: 1 2 -> 5 6\n");
        assertThat(err()).contains("node b refused: worker 9 did not come online");
    }

    @Test
    void theAnswerOfOneNamedNodeSaysWhoseIdsItHolds() throws Exception {
        fleet.answer("restart", "{\"replaced\":[1,2],\"started\":[5,6]}");
        assertThat(run("restart b/web", "restart 1")).isZero();
        assertThat(out()).isEqualTo("b: restarted 2 workers: 1 2 -> 5 6\nrestarted 2 workers: 1 2 -> 5 6\n");
    }
}
