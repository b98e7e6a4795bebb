package zpm.agent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

import org.junit.jupiter.api.Test;
import zpm.protocol.event.LifecycleEvent;

/** The fleet's node changes are events of the node's own gapless sequence, each naming the node. */
class NodeEventsTest {

    private final CoreHarness h = new CoreHarness("a");

    @Test
    void nodeEventsTakeTheNextSeqBetweenWorkerEventsAndCarryTheObservingNode() {
        h.startOnline(app("web", 1));
        h.sup.nodeJoined("b", "127.0.0.1:7711");
        h.sup.resize("web", 2);
        h.spawnAll();
        h.sup.nodeLeft("b", "127.0.0.1:7711", "removed from the cluster membership");

        h.assertSeqGapless();
        assertThat(h.events).allSatisfy(e -> assertThat(e.node()).isEqualTo("a"));
        LifecycleEvent joined = h.events.stream().filter(e -> e instanceof LifecycleEvent.NodeJoined).findFirst()
                .orElseThrow();
        assertThat(joined).isEqualTo(new LifecycleEvent.NodeJoined(joined.header(), "b", "127.0.0.1:7711"));
        assertThat(joined.app()).isNull();
        assertThat(h.events.get(h.events.size() - 1)).isInstanceOfSatisfying(LifecycleEvent.NodeLeft.class,
                l -> assertThat(l.reason()).isEqualTo("removed from the cluster membership"));
    }
}
