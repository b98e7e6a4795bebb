package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.repl.testing.FleetSamples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The tables of a 3-node fleet's answers, and a lone agent's (whose rows carry its node too) unchanged. */
class FleetTablesTest {

    private static JsonNode json(String s) throws Exception {
        return StatusTableTest.json(s);
    }

    @Test
    void statusOfSeveralNodesIsGroupedByNodeWithNodeQualifiedIds() throws Exception {
        assertThat(StatusTable.render(json(FleetSamples.STATUS), Set.of(), false)).isEqualTo(String.join("\n",
                "NODE   ID  SLOT  APP   PID  STATE     AGE  RESTARTS  CPU  MEM  CONNS",
                "a     a/1     0  web  4001  online     1s         0    -    -      0",
                "a     a/2     1  web  4002  online     1s         0    -    -      0",
                "b     b/1     0  web  5001  online     1s         0    -    -      0",
                "b     b/3     0  api  5003  starting   1s         0    -    -      0",
                "4 workers, 3 online"));
    }

    @Test
    void aLoneAgentsStatusReadsAsBefore() throws Exception {
        assertThat(StatusTable.render(json(FleetSamples.LONE_STATUS), Set.of(), false)).isEqualTo(String.join("\n",
                "ID  SLOT  APP   PID  STATE   AGE  RESTARTS  CPU  MEM  CONNS",
                " 1     0  web  4001  online   1s         0    -    -      0",
                " 2     1  web  4002  online   1s         0    -    -      0",
                "2 workers, 2 online"));
    }

    @Test
    void rowsOfOneNodeOfAKnownFleetStillNameTheirNode() throws Exception {
        String out = StatusTable.render(json(FleetSamples.LONE_STATUS), Set.of(), false, true);
        assertThat(out).startsWith("NODE   ID  SLOT").contains("h     h/1");
    }

    @Test
    void anAppOnOneNodeIsNamedNodeSlashApp() throws Exception {
        String out = StatusTable.render(json(FleetSamples.STATUS), Set.of("b/web"), false);
        assertThat(out).contains("b/1").doesNotContain("a/1").doesNotContain("api").endsWith("1 worker, 1 online");
        assertThat(StatusTable.render(json(FleetSamples.STATUS), Set.of("web"), false)).endsWith("3 workers, 3 online");
    }

    @Test
    void connectionsAndAppsHaveANodeColumnInAFleet() throws Exception {
        assertThat(ConnectionsTable.render(json(FleetSamples.CONNECTIONS), false)).isEqualTo(String.join("\n",
                "NODE   ID  APP  SLOT  CONNS  LISTENING",
                "a     a/1  web     0      2  8080",
                "b     b/1  web     0      5  8080",
                "total: 7 established connections"));
        assertThat(AppsTable.render(json(FleetSamples.APPS), false)).startsWith("NODE  NAME  STATE")
                .contains("\na     web ").contains("\nb     web ").contains("\nb     api ");
    }

    @Test
    void nodesListEveryNodeWithItsStateAndTheConsolesOwn() throws Exception {
        assertThat(NodesTable.render(json(FleetSamples.NODES), false)).isEqualTo(String.join("\n",
                "NAME  ADDRESS          VERSION     UP  APPS  WORKERS  STATE        NOTE",
                "a     127.0.0.1:15701  0.1.0    3m12s     1        2  up           this console's node",
                "b     127.0.0.1:15702  0.1.0    1m05s     2        2  up",
                "c     127.0.0.1:15703  0.1.0        -     -        -  unreachable",
                "3 nodes, 2 up"));
    }

    @Test
    void eachNodeThatDidNotAnswerIsOneWarningLine() throws Exception {
        assertThat(FleetRows.unreachable(json(FleetSamples.STATUS)))
                .containsExactly("node c is missing from this answer: did not answer within 3000 ms");
        assertThat(FleetRows.unreachable(json(FleetSamples.LONE_STATUS))).isEmpty();
        assertThat(FleetRows.unreachable(null)).isEmpty();
    }

    @Test
    void thePromptShowsTheFleetOnceThereIsMoreThanOneNode() {
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, 3, 3, false)).isEqualTo("zpm fleet 3 nodes> ");
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.DOWN, 3, 3, false))
                .isEqualTo("zpm fleet 3 nodes (disconnected)> ");
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, 3, 1, false)).isEqualTo("zpm 127.0.0.1:7700 (3 apps)> ");
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, 3, 0, false)).isEqualTo("zpm 127.0.0.1:7700 (3 apps)> ");
    }

    @Test
    void aChangeSpreadOverNodesIsOneLinePerNodeAndEachRefusalIsSaidApart() throws Exception {
        JsonNode spread = json("{\"nodes\":[{\"node\":\"a\",\"result\":{\"stopped\":[1,2]}},"
                + "{\"node\":\"b\",\"error\":{\"code\":-32001,\"message\":\"no app named web\"}},"
                + "{\"node\":\"c\",\"result\":{\"stopped\":[]}}],\"unreachable\":[]}");
        assertThat(PerNode.text(spread, r -> OperationText.stopped(r, "stopped")))
                .isEqualTo("a: stopped 2 workers: 1 2\nc: no workers were running");
        assertThat(PerNode.failures(spread)).containsExactly("node b refused: no app named web");
        JsonNode alone = json("{\"stopped\":[4]}");
        assertThat(PerNode.text(alone, r -> OperationText.stopped(r, "stopped"))).isEqualTo("stopped 1 worker: 4");
        assertThat(PerNode.failures(alone)).isEmpty();
        assertThat(PerNode.isSpread(json(FleetSamples.NODES))).as("nodes' own list is not a spread answer").isFalse();
    }

    @Test
    void inAFleetEventLinesNameTheNodeAsTargetsDo() {
        Instant ts = Instant.parse("2026-12-06T10:00:01.120Z");
        LifecycleEvent exit = new LifecycleEvent.Exit(new EventHeader(5, ts, "b", "web", new WorkerRef(7, 2, 4242L)),
                1, null, false, 3200);
        assertThat(EventLine.render(exit, ZoneOffset.UTC, false, true))
                .isEqualTo("10:00:01.120 exit      b/web worker b/7 slot 2 pid 4242  code=1 expected=false uptime=3s");
        assertThat(EventLine.render(exit, ZoneOffset.UTC, false))
                .isEqualTo("10:00:01.120 exit      web worker 7 slot 2 pid 4242  code=1 expected=false uptime=3s");
        LifecycleEvent left = new LifecycleEvent.NodeLeft(new EventHeader(9, ts, "a", null, null), "c",
                "127.0.0.1:15703", "removed from the cluster");
        assertThat(EventLine.render(left, ZoneOffset.UTC, false, true)).isEqualTo(
                "10:00:01.120 node-left a  peer=c address=127.0.0.1:15703 reason=removed from the cluster");
    }
}
