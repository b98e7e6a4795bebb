package zpm.agent.core;

import org.junit.jupiter.api.Test;
import zpm.agent.core.testing.FakeLauncher.Sent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import zpm.protocol.api.WorkerCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zpm.agent.core.CoreHarness.app;

/** Resize, shutdown, terminate, signal, quit and bad commands. */
class SupervisorCommandsTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void growingForksOnlyTheNewSlots() {
        h.startOnline(app("web", 2));
        int m = h.mark();
        CompletableFuture<AppInfo> done = h.sup.resize("web", 4);
        assertThat(h.launcher.pending.values()).extracting(SpawnRequest::slot).containsExactly(2, 3);
        assertThat(done).isNotDone();
        h.spawnAll();

        assertThat(h.since(m)).containsExactly("resize", "fork#3", "online#3", "fork#4", "online#4", "resize");
        assertThat(h.launcher.sent).isEmpty();
        assertThat(done).isCompleted();
        assertThat(CoreHarness.result(done).size()).isEqualTo(4);
    }

    @Test
    void shrinkingStopsTheHighestSlotsGracefullyAndNothingElse() {
        h.startOnline(app("web", 4));
        int m = h.mark();
        CompletableFuture<AppInfo> done = h.sup.resize("web", 2);

        assertThat(h.since(m)).containsExactly("resize", "disconnect#4", "disconnect#3");
        assertThat(h.launcher.sent).containsExactly(new Sent(4, Signal.TERM, false), new Sent(3, Signal.TERM, false));
        assertThat(done).isNotDone();
        h.killed(3, "TERM");
        h.killed(4, "TERM");

        assertThat(done).isCompleted();
        assertThat(h.ids("web")).containsExactly(1L, 2L);
        assertThat(h.details("exit")).containsEntry("expected", true);
        assertThat(h.launcher.pending).isEmpty();
        assertThat(h.details("resize")).containsEntry("from", 4).containsEntry("to", 2).containsEntry("done", true);
    }

    @Test
    void gracefulStopEscalatesToKillingTheTreeAfterTheKillTimeout() {
        h.startOnline(app("web", 1));
        h.sup.shutdown(Target.ids(1L));
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.TERM, false));
        h.time.advance(4_999);
        assertThat(h.launcher.sentTo(1)).hasSize(1);
        h.time.advance(1);
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.TERM, false), new Sent(1, Signal.KILL, true));
        h.killed(1, "KILL");
        assertThat(h.details("exit")).containsEntry("expected", true).containsEntry("signal", "KILL");
    }

    @Test
    void theAppsStopSignalAsksTheWorkerToLeaveAndTheKillTimeoutStillApplies() {
        AppSpec s = app("web", 1);
        h.startOnline(new AppSpec(s.name(), s.command(), s.cwd(), s.env(), s.size(), s.port(), s.restart(), s.backoff(),
                s.minRestartAgeMs(), s.killTimeoutMs(), s.readiness(), s.liveness(), s.maxMemoryMb(), s.watch(),
                Signal.USR2, s.limits()));
        h.sup.shutdown(Target.ids(1L));
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.USR2, false));
        h.time.advance(5_000);
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.USR2, false), new Sent(1, Signal.KILL, true));
    }

    @Test
    void aWorkerThatLeavesInTimeIsNotKilled() {
        h.startOnline(app("web", 1));
        h.sup.shutdown(Target.ids(1L));
        h.exit(1, 0);
        h.time.advance(60_000);
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.TERM, false));
    }

    @Test
    void aSecondStopOfAStoppingWorkerChangesNothing() {
        h.startOnline(app("web", 1));
        h.sup.shutdown(Target.ids(1L));
        int m = h.mark();
        h.sup.shutdown(Target.ids(1L));
        assertThat(h.since(m)).isEmpty();
        assertThat(h.launcher.sentTo(1)).hasSize(1);
    }

    @Test
    void aStoppedWorkerKeepsItsSlotUntilRestarted() {
        h.startOnline(app("web", 2));
        CompletableFuture<List<Long>> stopped = h.sup.shutdown(Target.ids(1L));
        h.killed(1, "TERM");
        assertThat(stopped).isCompletedWithValue(List.of(1L));
        h.time.advance(60_000);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.EXITED);
        assertThat(h.launcher.pending).as("an operator's stop is not undone by reconcile").isEmpty();

        CompletableFuture<RestartResult> restarted = h.sup.restart(Target.ids(1L));
        long id = h.spawnAll().get(0);
        assertThat(h.workers("web")).extracting(WorkerInfo::slot, WorkerInfo::state)
                .contains(org.assertj.core.groups.Tuple.tuple(0, WorkerState.ONLINE));
        assertThat(CoreHarness.result(restarted).started()).containsExactly(id);
        assertThat(CoreHarness.result(restarted).ok()).isTrue();
    }

    @Test
    void terminateKillsEveryTreeAtOnce() {
        h.startOnline(app("web", 2));
        CompletableFuture<List<Long>> done = h.sup.terminate(Target.app("web"));
        assertThat(h.launcher.sent).contains(new Sent(1, Signal.KILL, true), new Sent(2, Signal.KILL, true));
        h.killed(1, "KILL");
        h.killed(2, "KILL");
        assertThat(done).isCompletedWithValue(List.of(1L, 2L));
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.STOPPED);
    }

    @Test
    void shutdownAllTakesEveryAppToZeroAndRestartAllBringsThemBack() {
        h.startOnline(app("web", 2));
        h.startOnline(app("jobs", 1));
        CompletableFuture<List<Long>> done = h.sup.shutdown(Target.ALL);
        for (long id : List.of(1L, 2L, 3L)) {
            h.killed(id, "TERM");
        }
        assertThat(done).isCompleted();
        assertThat(h.sup.apps()).extracting(AppInfo::state).containsOnly(AppState.STOPPED);
        assertThat(h.sup.status(Target.ALL)).isEmpty();

        CompletableFuture<RestartResult> restarted = h.sup.restart(Target.ALL);
        assertThat(restarted).as("answers once the stopped apps are up again").isNotDone();
        List<Long> ids = h.spawnAll();
        assertThat(ids).hasSize(3);
        assertThat(h.sup.apps()).extracting(AppInfo::size).containsExactly(2, 1);
        assertThat(CoreHarness.result(restarted).started()).containsExactlyElementsOf(ids);
        assertThat(CoreHarness.result(restarted).replaced()).isEmpty();
    }

    @Test
    void quitStopsEveryWorkerAndCompletesWhenNoneRuns() {
        h.startOnline(app("web", 2));
        CompletableFuture<Void> quit = h.sup.quit();
        assertThat(h.launcher.sent).extracting(Sent::signal).containsOnly(Signal.TERM);
        h.killed(1, "TERM");
        assertThat(quit).isNotDone();
        h.killed(2, "TERM");
        assertThat(quit).isCompleted();
        assertThatThrownBy(() -> h.sup.resize("web", 3)).isInstanceOfSatisfying(SupervisorException.class,
                e -> assertThat(e.kind()).isEqualTo(SupervisorException.Kind.SHUTTING_DOWN));
        h.time.advance(60_000);
        assertThat(h.launcher.pending).isEmpty();
    }

    @Test
    void quitDuringAResizeStopsTheWorkersStillBeingForked() {
        h.startOnline(app("web", 1));
        CompletableFuture<AppInfo> resize = h.sup.resize("web", 3);
        h.spawn(2);                         // worker 3 has no pid yet
        CompletableFuture<Void> quit = h.sup.quit();
        assertThat(resize).isCompleted();
        assertThat(h.launcher.sentTo(3)).isEmpty();

        h.spawnAll();                       // the pid of worker 3 arrives after the quit
        assertThat(h.launcher.sentTo(3)).containsExactly(new Sent(3, Signal.TERM, false));
        assertThat(h.worker(3).state()).isEqualTo(WorkerState.STOPPING);
        h.killed(1, "TERM");
        h.killed(2, "TERM");
        h.killed(3, "TERM");
        assertThat(quit).isCompleted();
        assertThat(h.all()).doesNotContain("online#3");
    }

    @Test
    void aKillTimeoutBeforeThePidIsKnownStillKillsTheTree() {
        h.sup.addApp(app("web", 1));
        h.sup.quit();
        h.time.advance(5_000);
        assertThat(h.launcher.sentTo(1)).as("the launcher cannot act before the pid is known").isEmpty();
        h.spawnAll();
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.KILL, true));
    }

    @Test
    void unknownTargetsAreRefusedBeforeAnythingIsDone() {
        h.startOnline(app("web", 1));
        int spawns = h.launcher.spawns.size();
        assertThatThrownBy(() -> h.sup.restart(Target.ids(1L, 99L)))
                .isInstanceOfSatisfying(SupervisorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SupervisorException.Kind.UNKNOWN_WORKER);
                    assertThat(e.getMessage()).contains("99");
                });
        assertThatThrownBy(() -> h.sup.shutdown(Target.app("nope")))
                .isInstanceOfSatisfying(SupervisorException.class,
                        e -> assertThat(e.getMessage()).contains("nope").contains("web"));
        assertThatThrownBy(() -> h.sup.addApp(app("web", 1)))
                .isInstanceOfSatisfying(SupervisorException.class,
                        e -> assertThat(e.kind()).isEqualTo(SupervisorException.Kind.CONFLICT));
        assertThatThrownBy(() -> h.sup.resize("web", -1))
                .isInstanceOfSatisfying(SupervisorException.class,
                        e -> assertThat(e.kind()).isEqualTo(SupervisorException.Kind.INVALID));
        assertThat(h.launcher.spawns).hasSize(spawns);
        assertThat(h.launcher.sent).isEmpty();
    }

    @Test
    void aBigResizeForksABatchPerTurnAndGoesOnAtTheNextTurn() {
        h.startOnline(app("web", 1));
        int timers = h.time.pending();
        CompletableFuture<AppInfo> done = h.sup.resize("web", 1 + 2 * Reconciler.BATCH + 5);
        assertThat(h.launcher.pending).as("first turn").hasSize(Reconciler.BATCH);
        assertThat(h.time.pending()).as("the rest: one task for the next turn").isEqualTo(timers + 1);
        h.spawnAll();
        h.time.advance(0); // runs that turn and the ones it schedules in turn
        assertThat(h.launcher.pending).as("later turns").hasSize(Reconciler.BATCH + 5);
        h.spawnAll();
        assertThat(done).isCompleted();
        assertThat(disconnects()).isZero();
        timers = h.time.pending();
        CompletableFuture<AppInfo> shrink = h.sup.resize("web", 0);
        assertThat(disconnects()).as("stops are spread over turns too").isEqualTo(Reconciler.BATCH);
        assertThat(h.time.pending()).isGreaterThan(timers);
        h.time.advance(0);
        assertThat(disconnects()).isEqualTo(1 + 2 * Reconciler.BATCH + 5);
        assertThat(shrink).isNotCompleted();
    }

    private long disconnects() {
        return h.all().stream().filter(e -> e.startsWith("disconnect#")).count();
    }

    @Test
    void theCoreRefusesSizesBeyondTheLimitsWhoeverAsks() {
        h.startOnline(app("web", 1));
        int spawns = h.launcher.spawns.size();
        assertThatThrownBy(() -> h.sup.resize("web", WorkerCalls.MAX_SIZE + 1))
                .isInstanceOfSatisfying(SupervisorException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SupervisorException.Kind.INVALID);
                    assertThat(e.getMessage()).contains("10000").contains("10001");
                });
        assertThatThrownBy(() -> h.sup.addApp(app("huge", 100_000))).isInstanceOf(SupervisorException.class);
        assertThatThrownBy(() -> h.sup.add("web", Integer.MAX_VALUE)).isInstanceOf(SupervisorException.class);
        h.sup.addApp(app("a", 0));
        h.sup.addApp(app("b", 0));
        h.sup.resize("a", WorkerCalls.MAX_SIZE);
        assertThatThrownBy(() -> h.sup.resize("b", WorkerCalls.MAX_SIZE))
                .isInstanceOfSatisfying(SupervisorException.class, e -> assertThat(e.getMessage())
                        .contains("at most " + WorkerCalls.MAX_TOTAL_SIZE + " in all"));
        assertThat(h.sup.apps()).extracting(AppInfo::name).containsExactly("web", "a", "b");
        assertThat(h.launcher.spawns.size() - spawns).as("only a's first batch").isEqualTo(Reconciler.BATCH);
    }

    @Test
    void signalReachesRunningWorkersOnly() {
        h.startOnline(app("web", 2));
        h.time.advance(3_000);
        h.exit(2, 1); // now in backoff
        List<Long> sent = h.sup.signal(Target.app("web"), Signal.USR1);
        assertThat(sent).containsExactly(1L);
        assertThat(h.launcher.sent).containsExactly(new Sent(1, Signal.USR1, false));
    }

    @Test
    void addAndSubMoveTheTargetByN() {
        h.startOnline(app("web", 1));
        h.sup.add("web", 2);
        assertThat(h.appInfo("web").size()).isEqualTo(3);
        h.spawnAll();
        h.sup.sub("web", 5);
        assertThat(h.appInfo("web").size()).isZero();
    }

    @Test
    void deleteForgetsTheAppOnceItsWorkersAreGone() {
        h.startOnline(app("web", 1));
        CompletableFuture<Void> deleted = h.sup.deleteApp("web");
        assertThat(h.sup.apps()).hasSize(1);
        h.killed(1, "TERM");
        assertThat(deleted).isCompleted();
        assertThat(h.sup.apps()).isEmpty();
        assertThat(h.details("app")).containsEntry("action", "delete");
    }

    @Test
    void shrinkingRemovesAWorkerWaitingInBackoffWithoutAnExitEvent() {
        h.startOnline(CoreHarness.ladderOnly(app("web", 2)));
        h.time.advance(3_000);
        h.exit(2, 1);
        int m = h.mark();
        CompletableFuture<AppInfo> done = h.sup.resize("web", 1);
        assertThat(done).isCompleted();
        assertThat(h.since(m)).containsExactly("resize", "resize");
        h.time.advance(60_000);
        assertThat(h.launcher.pending).isEmpty();
    }
}
