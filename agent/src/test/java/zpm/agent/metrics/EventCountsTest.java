package zpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zpm.agent.metrics.EventCounts.ExitKey;
import zpm.agent.metrics.EventCounts.ExitReason;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;

/** Every event counts under its type; each exit under one reason of a fixed set. */
class EventCountsTest {

    private static final EventHeader WEB = new EventHeader(1, Instant.EPOCH, "web", new WorkerRef(1, 0, 42L));

    @Test
    void exitsAreCountedByAppAndReason() {
        EventCounts counts = new EventCounts();
        counts.count(new LifecycleEvent.Exit(WEB, null, "TERM", true, 10)); // asked to leave
        counts.count(new LifecycleEvent.Exit(WEB, null, "KILL", false, 10, "oom"));
        counts.count(new LifecycleEvent.Exit(WEB, null, "KILL", false, 10));
        counts.count(new LifecycleEvent.Exit(WEB, null, "SEGV", false, 10));
        counts.count(new LifecycleEvent.Exit(WEB, 0, null, false, 10));
        counts.count(new LifecycleEvent.Exit(WEB, 3, null, false, 10));
        counts.count(new LifecycleEvent.Online(WEB, 5));
        assertThat(counts.exits()).containsExactly(
                Map.entry(new ExitKey("web", ExitReason.STOPPED), 1L),
                Map.entry(new ExitKey("web", ExitReason.OOM), 1L),
                Map.entry(new ExitKey("web", ExitReason.SIGNAL), 2L),
                Map.entry(new ExitKey("web", ExitReason.EXIT_ZERO), 1L),
                Map.entry(new ExitKey("web", ExitReason.EXIT_NONZERO), 1L));
        assertThat(counts.byType()).containsEntry("exit", 6L).containsEntry("online", 1L).containsEntry("fork", 0L);
    }
}
