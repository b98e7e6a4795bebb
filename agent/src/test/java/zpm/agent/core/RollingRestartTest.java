package zpm.agent.core;

import org.junit.jupiter.api.Test;
import zpm.agent.core.testing.FakeLauncher.Sent;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

/** Rolling restarts: one at a time, replacement online before the old worker leaves. */
class RollingRestartTest {

    private final CoreHarness h = new CoreHarness();

    private AppSpec web(int size) {
        return CoreHarness.withReadiness(app("web", size), ProbeSpec.Type.HTTP, 10_000);
    }

    @Test
    void eachReplacementIsOnlineBeforeItsOldWorkerIsAskedToLeave() {
        h.startOnline(web(2));
        int m = h.mark();
        CompletableFuture<RestartResult> done = h.sup.restart(Target.app("web"));
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RESTARTING);
        assertThat(h.launcher.pending.values()).extracting(SpawnRequest::slot).containsExactly(0);
        h.spawnAll();                                  // worker 3 forked for slot 0
        assertThat(h.launcher.sent).as("old worker untouched while its replacement starts").isEmpty();
        h.sup.ready(3);
        assertThat(h.launcher.sent).containsExactly(new Sent(1, Signal.TERM, false));
        assertThat(h.launcher.pending).as("one at a time: next step waits for the old one to leave").isEmpty();
        h.killed(1, "TERM");
        h.spawnAll();                                  // worker 4 for slot 1
        h.sup.ready(4);
        h.killed(2, "TERM");

        assertThat(h.since(m)).containsExactly("restart", "fork#3", "online#3", "disconnect#1", "exit#1",
                "fork#4", "online#4", "disconnect#2", "exit#2", "restart");
        assertThat(h.details("restart")).containsEntry("phase", "done");
        assertThat(CoreHarness.result(done)).isEqualTo(new RestartResult(List.of(1L, 2L), List.of(3L, 4L), true, null));
        assertThat(h.workers("web")).extracting(WorkerInfo::id, WorkerInfo::slot, WorkerInfo::restarts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, 0, 1),
                        org.assertj.core.groups.Tuple.tuple(4L, 1, 1));
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
        h.assertSeqGapless();
    }

    @Test
    void aReplacementThatDiesBeforeOnlineStopsTheRestartAndTheOldWorkerKeepsServing() {
        h.startOnline(web(2));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.ALL);
        h.spawnAll();
        h.exit(3, 1);

        RestartResult r = CoreHarness.result(done);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).contains("worker 3").contains("did not come online");
        assertThat(h.details("restart")).containsEntry("phase", "failed");
        assertThat(h.workers("web")).extracting(WorkerInfo::id, WorkerInfo::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, WorkerState.ONLINE),
                        org.assertj.core.groups.Tuple.tuple(2L, WorkerState.ONLINE));
        assertThat(h.launcher.sent).isEmpty();
        h.time.advance(60_000);
        assertThat(h.launcher.pending).as("no more replacements, no respawn of the failed one").isEmpty();
    }

    @Test
    void aReplacementThatIsNeverReadyStopsTheRestartAtTheReadinessTimeout() {
        h.startOnline(web(1));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.ALL);
        h.spawnAll();
        h.time.advance(10_000);
        assertThat(h.launcher.sentTo(2)).containsExactly(new Sent(2, Signal.TERM, false));
        h.killed(2, "TERM");
        assertThat(CoreHarness.result(done).ok()).isFalse();
        assertThat(h.ids("web")).containsExactly(1L);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.ONLINE);
    }

    @Test
    void aRestartAskedDuringAnotherIsQueuedNotInterleaved() {
        h.startOnline(web(2));
        CompletableFuture<RestartResult> first = h.sup.restart(Target.ids(1L));
        CompletableFuture<RestartResult> second = h.sup.restart(Target.ids(2L));
        assertThat(h.details("restart")).containsEntry("phase", "queued");
        h.spawnAll();
        assertThat(h.launcher.spawns).hasSize(3);
        h.sup.ready(3);
        h.killed(1, "TERM");
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        h.spawnAll();
        h.sup.ready(4);
        h.killed(2, "TERM");
        assertThat(CoreHarness.result(second).replaced()).containsExactly(2L);
    }

    @Test
    void quitDuringARestartEndsItCleanly() {
        h.startOnline(web(2));
        CompletableFuture<RestartResult> restart = h.sup.restart(Target.ALL);
        CompletableFuture<RestartResult> queued = h.sup.restart(Target.ALL);
        h.spawnAll();
        CompletableFuture<Void> quit = h.sup.quit();

        assertThat(CoreHarness.result(restart).ok()).isFalse();
        assertThat(CoreHarness.result(queued).error()).contains("quitting");
        h.killed(1, "TERM");
        h.killed(2, "TERM");
        assertThat(quit).isNotDone();
        h.killed(3, "TERM");
        assertThat(quit).isCompleted();
        assertThat(h.launcher.pending).isEmpty();
        assertThat(h.sup.status(Target.ALL)).isEmpty();
    }

    @Test
    void shrinkingDuringARestartSkipsTheWorkersItRemoved() {
        h.startOnline(web(3));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.app("web"));
        h.spawnAll();                       // replacement 4 for slot 0
        h.sup.resize("web", 1);             // slots 1 and 2 leave
        h.killed(2, "TERM");
        h.killed(3, "TERM");
        h.sup.ready(4);
        h.killed(1, "TERM");

        assertThat(CoreHarness.result(done)).isEqualTo(new RestartResult(List.of(1L), List.of(4L), true, null));
        assertThat(h.ids("web")).containsExactly(4L);
        assertThat(h.launcher.pending).isEmpty();
    }

    @Test
    void shrinkingAwayTheSlotBeingReplacedSkipsTheStep() {
        h.startOnline(web(2));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.ids(2L));
        h.spawnAll();                       // replacement 3 for slot 1
        h.sup.resize("web", 1);
        h.killed(2, "TERM");
        h.killed(3, "TERM");
        assertThat(CoreHarness.result(done).ok()).isTrue();
        assertThat(CoreHarness.result(done).replaced()).isEmpty();
        assertThat(h.ids("web")).containsExactly(1L);
    }

    @Test
    void restartOfAWorkerInBackoffForksItAtOnce() {
        h.startOnline(CoreHarness.ladderOnly(web(1)));
        h.time.advance(3_000);
        h.exit(1, 1);
        assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.BACKOFF);
        long backoffId = h.workers("web").get(0).id();
        h.sup.restart(Target.ids(backoffId));
        assertThat(h.launcher.pending).hasSize(1);
        long id = h.spawnAll().get(0);
        h.sup.ready(id);
        assertThat(h.worker(id).state()).isEqualTo(WorkerState.ONLINE);
        assertThat(h.details("restart")).containsEntry("phase", "done");
        h.time.advance(60_000);
        assertThat(h.launcher.pending).as("the old backoff timer is gone").isEmpty();
    }

    @Test
    void anOldWorkerThatCrashesWhileItsReplacementStartsIsNotForkedAgain() {
        h.startOnline(web(1));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.ALL);
        h.spawnAll();
        h.time.advance(10);
        h.killed(1, "SEGV");
        assertThat(h.launcher.pending).isEmpty();
        h.sup.ready(2);
        assertThat(CoreHarness.result(done).ok()).isTrue();
        assertThat(h.ids("web")).containsExactly(2L);
    }

    @Test
    void growingDuringARestartForksTheNewSlotsBesideIt() {
        h.startOnline(web(1));
        CompletableFuture<RestartResult> done = h.sup.restart(Target.ALL);
        h.sup.resize("web", 2);
        assertThat(h.launcher.pending.values()).extracting(SpawnRequest::slot).containsExactly(0, 1);
        for (long id : h.spawnAll()) {
            h.sup.ready(id);
        }
        h.killed(1, "TERM");
        assertThat(CoreHarness.result(done).replaced()).containsExactly(1L);
        assertThat(h.workers("web")).extracting(WorkerInfo::slot).containsExactly(0, 1);
    }
}
