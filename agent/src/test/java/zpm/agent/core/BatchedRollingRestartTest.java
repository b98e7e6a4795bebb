package zpm.agent.core;

import org.junit.jupiter.api.Test;
import zpm.agent.core.testing.FakeLauncher.Sent;
import zpm.protocol.api.RestartBatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

/** Rolling restarts with a batch: up to N steps in flight per app, in plan order, each replacement online first. */
class BatchedRollingRestartTest {

    private final CoreHarness h = new CoreHarness();

    private AppSpec web(int size) {
        return CoreHarness.withReadiness(app("web", size), ProbeSpec.Type.HTTP, 10_000);
    }

    private List<Integer> pendingSlots() {
        return h.launcher.pending.values().stream().map(SpawnRequest::slot).toList();
    }

    @Test
    void aBatchOfTwoOfFourForksTwoAtOnceNeverMoreAndKeepsTheOrder() {
        h.startOnline(web(4));                          // workers 1..4 in slots 0..3
        int m = h.mark();
        CompletableFuture<RestartResult> done = h.sup.restart(Target.app("web"), new RestartBatch(2, 0));
        assertThat(pendingSlots()).as("two replacements forked at once").containsExactly(0, 1);
        h.spawnAll();                                   // 5 for slot 0, 6 for slot 1
        assertThat(h.launcher.sent).as("old workers untouched while their replacements start").isEmpty();

        h.sup.ready(6);                                 // the second comes online first
        assertThat(h.launcher.sent).containsExactly(new Sent(2, Signal.TERM, false));
        assertThat(h.launcher.pending).as("two steps still in flight: none more").isEmpty();
        h.killed(2, "TERM");                            // step (2 -> 6) ends: the next in order begins
        assertThat(pendingSlots()).containsExactly(2);
        h.spawnAll();                                   // 7 for slot 2
        assertThat(h.launcher.pending).isEmpty();

        h.sup.ready(5);
        h.killed(1, "TERM");
        assertThat(pendingSlots()).containsExactly(3);
        h.spawnAll();                                   // 8 for slot 3
        h.sup.ready(7);
        h.sup.ready(8);
        assertThat(h.launcher.sent).extracting(Sent::workerId).containsExactly(2L, 1L, 3L, 4L);
        h.killed(3, "TERM");
        h.killed(4, "TERM");

        assertThat(h.since(m).stream().filter(e -> e.startsWith("fork")).toList())
                .containsExactly("fork#5", "fork#6", "fork#7", "fork#8");
        assertThat(CoreHarness.result(done)).isEqualTo(
                new RestartResult(List.of(2L, 1L, 3L, 4L), List.of(6L, 5L, 7L, 8L), true, null));
        assertThat(h.workers("web")).extracting(WorkerInfo::slot).containsExactly(0, 1, 2, 3);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
        h.assertSeqGapless();
    }

    @Test
    void aPercentageIsOfTheAppsSizeRoundedUpAndAtLeastOne() {
        h.startOnline(web(5));
        h.sup.restart(Target.app("web"), new RestartBatch(0, 25));   // 25% of 5 = 1.25 -> 2
        assertThat(pendingSlots()).containsExactly(0, 1);
    }

    @Test
    void aBatchAboveTheSizeReplacesEveryWorkerAtOnce() {
        h.startOnline(web(3));
        h.sup.restart(Target.app("web"), new RestartBatch(10, 0));
        assertThat(pendingSlots()).containsExactly(0, 1, 2);
    }

    @Test
    void aFailedReplacementStopsNewStepsAndThePlanEndsFailedOnceTheStepsInFlightDo() {
        h.startOnline(web(4));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.app("web"), new RestartBatch(2, 0));
        h.spawnAll();                                   // 5 (slot 0), 6 (slot 1)
        h.exit(5, 1);                                   // 5 dies before online
        assertThat(done).as("step (2 -> 6) is still in flight").isNotDone();
        h.sup.ready(6);
        h.killed(2, "TERM");
        assertThat(h.launcher.pending).as("no step after a failure").isEmpty();

        RestartResult r = CoreHarness.result(done);
        assertThat(r.ok()).isFalse();
        assertThat(r.replaced()).containsExactly(2L);
        assertThat(r.error()).contains("worker 5").contains("did not come online");
        assertThat(h.workers("web")).extracting(WorkerInfo::id).containsExactly(1L, 6L, 3L, 4L);
        assertThat(h.worker(1).state()).as("the old worker of the failed step keeps serving").isEqualTo(WorkerState.ONLINE);
    }

    @Test
    void aRestartWithoutABatchIsOneAtATime() {
        h.startOnline(web(3));
        h.sup.restart(Target.app("web"));
        assertThat(pendingSlots()).containsExactly(0);
    }
}
