package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.repl.testing.FleetSamples;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.cli.monit.MonitLayoutTest.json;

/** monit on a fleet's status: ids are per node, so a worker is its node and id. */
class MonitFleetTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static EventHeader on(String node, String app, long id) {
        return new EventHeader(1, T, node, app, new WorkerRef(id, 0, 100 + id));
    }

    @Test
    void eventsPatchTheRowOfTheirNodeOnly() throws Exception {
        MonitModel m = new MonitModel(null);
        m.status(json(FleetSamples.STATUS));
        m.event(new LifecycleEvent.Exit(on("b", "web", 1), 1, null, false, 1000, null));
        JsonNode rows = m.asStatus().path("workers");
        assertThat(rows).filteredOn(w -> w.path("state").asText().equals("exited"))
                .extracting(w -> w.path("node").asText() + "/" + w.path("id").asText()).containsExactly("b/1");
        m.event(new LifecycleEvent.Fork(on("a", "web", 1), List.of("sleep")));
        assertThat(m.asStatus().path("workers")).as("a/1 exists: no second row").hasSize(4);
        m.event(new LifecycleEvent.Fork(on("b", "web", 8), List.of("sleep")));
        assertThat(m.asStatus().path("workers")).extracting(w -> w.path("node").asText() + "/" + w.path("id").asText())
                .containsExactly("a/1", "a/2", "b/1", "b/8", "b/3");
    }

    @Test
    void theSelectionStaysOnTheSameNodesWorker() throws Exception {
        MonitModel m = new MonitModel(null);
        m.status(json(FleetSamples.STATUS));
        m.move(2); // rows as the agent sorts them: b/1 is the first row here, a/2 the third
        String chosen = m.asStatus().path("workers").get(m.selected()).path("node").asText();
        m.status(json(FleetSamples.STATUS));
        assertThat(m.asStatus().path("workers").get(m.selected()).path("node").asText()).isEqualTo(chosen);
    }
}
