package zpm.agent.core;

import org.junit.jupiter.api.Test;
import zpm.agent.core.testing.FakeLauncher.Sent;
import zpm.protocol.event.LifecycleEvent;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

/** Start, crash, backoff, danger and fatal: the worker lifecycle under a fake clock. */
class SupervisorLifecycleTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void startForksEverySlotAndReportsEachOnlineThenTheResizeDone() {
        h.sup.addApp(app("web", 2));
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RESIZING);
        h.spawnAll();

        assertThat(h.all()).containsExactly("app", "resize", "fork#1", "online#1", "fork#2", "online#2", "resize");
        assertThat(h.details("resize")).containsEntry("from", 0).containsEntry("to", 2).containsEntry("done", true);
        assertThat(h.workers("web")).extracting(WorkerInfo::state).containsOnly(WorkerState.ONLINE);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
        h.assertSeqGapless();
    }

    @Test
    void workerEnvironmentNamesTheWorkerItsSlotItsAppAndThePort() {
        AppSpec spec = CoreHarness.withReadiness(app("web", 2), ProbeSpec.Type.NONE, 1000);
        h.sup.addApp(new AppSpec(spec.name(), spec.command(), "/srv", Map.of("MODE", "prod", "ZPM_APP", "spoofed"),
                2, 8080, spec.restart(), spec.backoff(), spec.minRestartAgeMs(), spec.killTimeoutMs(),
                spec.readiness(), null, null, List.of()));

        SpawnRequest second = h.launcher.spawns.get(1);
        assertThat(second.env()).containsEntry("ZPM_WORKER", "1").containsEntry("ZPM_WORKER_ID", "2")
                .containsEntry("ZPM_WORKER_SLOT", "1").containsEntry("ZPM_APP", "web")
                .containsEntry("PORT", "8080").containsEntry("MODE", "prod");
        assertThat(second.cwd()).isEqualTo("/srv");
        assertThat(second.command()).containsExactly("/bin/worker", "--serve");
    }

    @Test
    void workerOfAnAppWithAPortIsWatchedUntilItListensOnceAndReleasedAtExit() {
        AppSpec spec = CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.NONE, 1000);
        h.sup.addApp(new AppSpec(spec.name(), spec.command(), null, Map.of(), 1, 8080, spec.restart(),
                spec.backoff(), spec.minRestartAgeMs(), spec.killTimeoutMs(), spec.readiness(), null, null, List.of()));
        h.spawnAll();
        assertThat(h.probes.listenWatched).containsExactly(1L);
        int m = h.mark();

        h.sup.listening(1, 8080);
        h.sup.listening(1, 8080); // a repeated fact: one event
        h.sup.listening(99, 8080); // an unknown worker: none
        assertThat(h.since(m)).containsExactly("listening#1");
        assertThat(h.details("listening")).containsEntry("port", 8080);

        h.time.advance(6_000);
        h.killed(1, "KILL");
        assertThat(h.probes.released).containsExactly(1L);
        h.sup.listening(1, 8080); // late, from the dead worker
        h.spawnAll();
        assertThat(h.probes.listenWatched).containsExactly(1L, 2L);
        h.sup.listening(2, 8080);
        assertThat(h.since(m)).containsExactly("listening#1", "exit#1", "fork#2", "online#2", "listening#2");
    }

    @Test
    void failedLivenessStopsTheOnlineWorkerAndItIsReplacedAsAfterACrash() {
        AppSpec base = app("web", 1);
        h.sup.addApp(new AppSpec(base.name(), base.command(), null, Map.of(), 1, 8080, base.restart(), base.backoff(),
                base.minRestartAgeMs(), base.killTimeoutMs(), base.readiness(),
                new ProbeSpec(ProbeSpec.Type.HTTP, null, "/health", List.of(), 2_000, 10_000, 3), 64, List.of()));
        h.spawnAll();
        assertThat(h.probes.healthWatched).as("watched once online").containsExactly(1L);
        h.time.advance(6_000);
        int m = h.mark();

        h.sup.probeFailed(1, "liveness", "3 check(s) failed in a row, the last: timeout", true);
        assertThat(h.launcher.sentTo(1)).extracting(Sent::signal).containsExactly(Signal.TERM);
        h.exit(1, 0); // even a clean exit after a failed check counts as a failure
        h.spawnAll();

        assertThat(h.since(m)).containsSubsequence("probe#1", "exit#1", "fork#2", "online#2");
        assertThat(h.details("probe")).containsEntry("kind", "liveness");
        assertThat(CoreHarness.fields(h.events.stream().filter(e -> e.type().wireName().equals("exit")).findFirst()
                .orElseThrow())).containsEntry("expected", false);
        assertThat(h.probes.released).contains(1L);
        assertThat(h.probes.healthWatched).containsExactly(1L, 2L);
        assertThat(h.worker(2).lastExit().reason()).as("status tells why").startsWith("liveness failed: 3 check(s)");
    }

    @Test
    void devModeWorkerDyingRightAfterStartWaitsForTheNextChangeInsteadOfLooping() {
        AppSpec base = app("web", 1);
        h.sup.addApp(new AppSpec(base.name(), base.command(), null, Map.of(), 1, null, base.restart(), base.backoff(),
                base.minRestartAgeMs(), base.killTimeoutMs(), base.readiness(), null, null, List.of("/src")));
        h.spawnAll();
        int m = h.mark();

        h.time.advance(100);
        h.exit(1, 1);
        h.time.advance(60_000);

        assertThat(h.launcher.pending).as("no fork until a change").isEmpty();
        assertThat(h.since(m)).containsExactly("exit#1", "fatal#1");
        assertThat(h.worker(1).reason()).startsWith("dev mode: code=1 after 100 ms; waiting for a change");

        h.sup.restart(Target.app("web")); // what a change in a watched path does
        h.spawnAll();
        assertThat(h.since(m)).containsSubsequence("fatal#1", "fork#2", "online#2");
    }

    @Test
    void notifyReadinessWaitsForReadyAndTheWatchdogRestartsASilentWorker() {
        AppSpec base = app("web", 1);
        h.sup.addApp(new AppSpec(base.name(), base.command(), null, Map.of(), 1, null, base.restart(), base.backoff(),
                base.minRestartAgeMs(), base.killTimeoutMs(),
                new ProbeSpec(ProbeSpec.Type.NOTIFY, null, null, List.of(), 30_000, 100, 3),
                new ProbeSpec(ProbeSpec.Type.NOTIFY, null, null, List.of(), 1_000, 100, 1), null, List.of()));
        SpawnRequest r = h.launcher.spawns.get(0);
        assertThat(r.notifySocket()).isTrue();
        assertThat(r.env()).containsEntry("WATCHDOG_USEC", "1000000");
        h.spawnAll();
        assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.STARTING);

        h.sup.notified(1, Map.of("STATUS", "loading"));
        assertThat(h.worker(1).statusText()).isEqualTo("loading");
        h.sup.notified(1, Map.of("READY", "1", "STATUS", "serving"));
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.ONLINE);
        assertThat(h.worker(1).statusText()).isEqualTo("serving");

        for (int i = 0; i < 5; i++) { // pings inside the timeout keep it alive
            h.time.advance(900);
            h.sup.notified(1, Map.of("WATCHDOG", "1"));
        }
        assertThat(h.launcher.sentTo(1)).isEmpty();
        int m = h.mark();
        h.time.advance(1_000);

        assertThat(h.since(m)).startsWith("probe#1");
        assertThat(h.details("probe")).containsEntry("kind", "watchdog");
        assertThat(h.launcher.sentTo(1)).extracting(Sent::signal).containsExactly(Signal.TERM);
    }

    @Test
    void appWithoutAPortIsNotWatchedForListening() {
        h.startOnline(app("web", 1));
        assertThat(h.probes.listenWatched).isEmpty();
    }

    @Test
    void killedStableWorkerIsReplacedAtOnceWithoutBackoff() {
        h.startOnline(app("web", 1));
        h.time.advance(6_000);
        int m = h.mark();

        h.killed(1, "KILL");
        assertThat(h.launcher.pending).containsKey(2L);
        h.spawnAll();

        assertThat(h.since(m)).containsExactly("exit#1", "fork#2", "online#2");
        LifecycleEvent exit = h.events.get(m);
        assertThat(CoreHarness.fields(exit)).containsEntry("signal", "KILL").containsEntry("expected", false)
                .containsEntry("uptimeMs", 6_000L);
        assertThat(CoreHarness.fields(exit).get("code")).isNull();
        WorkerInfo w = h.worker(2);
        assertThat(w.slot()).isZero();
        assertThat(w.restarts()).isEqualTo(1);
        assertThat(w.lastExit().status()).isEqualTo(ExitStatus.ofSignal("KILL"));
    }

    @Test
    void crashesInsideTheStabilityWindowBackOffExponentiallyAndResetOnceStable() {
        h.startOnline(CoreHarness.ladderOnly(app("web", 1)));
        long id = 1;
        long[] expected = {1000, 2000, 4000, 8000, 16000, 16000};
        for (long delay : expected) {
            h.time.advance(3_000); // older than minRestartAge (2 s), younger than the window (5 s)
            h.exit(id, 1);
            assertThat(h.details("backoff")).containsEntry("delayMs", delay);
            assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.BACKOFF);
            h.time.advance(delay - 1);
            assertThat(h.launcher.pending).isEmpty();
            h.time.advance(1);
            id = h.spawnAll().get(0);
        }
        h.time.advance(5_000); // stays up past the window: the ladder resets
        int m = h.mark();
        h.exit(id, 1);
        assertThat(h.since(m)).containsExactly("exit#" + id);
        assertThat(h.launcher.pending).hasSize(1);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
    }

    @Test
    void exitWhileStartingIsACrashThatBacksOff() {
        h.sup.addApp(CoreHarness.ladderOnly(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.TCP, 30_000)));
        h.spawnAll();
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.STARTING);
        h.time.advance(2_500);
        h.exit(1, 3);

        assertThat(h.probes.cancelled).contains(1L);
        assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.BACKOFF);
        assertThat(h.details("exit")).containsEntry("code", 3).containsEntry("expected", false);
    }

    @Test
    void youngDeathsPutTheAppInDangerAndAStableWorkerTakesItOut() {
        h.startOnline(CoreHarness.ladderOnly(app("web", 2)));
        h.time.advance(500);
        h.exit(1, 1);

        assertThat(h.details("danger")).containsEntry("active", true);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.DANGER);
        assertThat(h.details("backoff")).containsEntry("delayMs", 1000L);

        h.time.advance(1_000);
        long replacement = h.spawnAll().get(0);
        h.time.advance(5_000);
        assertThat(h.details("danger")).containsEntry("active", false);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
        assertThat(h.worker(replacement).state()).isEqualTo(WorkerState.ONLINE);
    }

    @Test
    void anAppThatCannotStayUpGoesFatalInsteadOfForkingForever() {
        h.startOnline(CoreHarness.ladderOnly(app("web", 1)));
        long id = 1;
        int forks = h.launcher.spawns.size();
        for (int i = 0; i < 20 && h.appInfo("web").state() != AppState.FATAL; i++) {
            h.time.advance(100);
            h.exit(id, 1);
            h.time.advance(20_000);
            List<Long> ids = h.spawnAll();
            if (!ids.isEmpty()) {
                id = ids.get(0);
            }
        }
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.FATAL);
        assertThat(h.launcher.spawns.size() - forks).as("forks after the first").isEqualTo(5);
        assertThat((String) h.details("fatal").get("reason")).contains("minRestartAgeMs=2000");
        assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.FATAL);

        h.time.advance(600_000);
        assertThat(h.launcher.pending).as("nothing forked while fatal").isEmpty();
    }

    @Test
    void anOperatorRestartClearsFatal() {
        givenFatalApp();
        h.sup.restart(Target.app("web"));
        long id = h.spawnAll().get(0);
        assertThat(h.worker(id).state()).isEqualTo(WorkerState.ONLINE);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
    }

    @Test
    void anOperatorResizeClearsFatal() {
        givenFatalApp();
        h.sup.resize("web", 2);
        assertThat(h.spawnAll()).hasSize(2);
        assertThat(h.workers("web")).extracting(WorkerInfo::state).containsOnly(WorkerState.ONLINE);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RUNNING);
    }

    private void givenFatalApp() {
        h.startThenCrashUntilFatal(app("web", 1));
    }

    @Test
    void restartPolicyNeverLeavesTheWorkerExited() {
        h.startOnline(CoreHarness.withPolicy(app("job", 1), RestartPolicy.NEVER));
        h.time.advance(10_000);
        h.exit(1, 1);
        assertThat(h.launcher.pending).isEmpty();
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.EXITED);
        assertThat(h.worker(1).reason()).contains("never");
    }

    @Test
    void restartPolicyOnFailureRestartsOnlyNonZeroExits() {
        h.startOnline(CoreHarness.withPolicy(app("job", 2), RestartPolicy.ON_FAILURE));
        h.time.advance(10_000);
        h.exit(1, 0);
        h.exit(2, 2);
        assertThat(h.launcher.pending.keySet()).containsExactly(3L);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.EXITED);
    }

    @Test
    void aCommandThatCannotBeStartedIsFatalNotACrashLoop() {
        h.sup.addApp(app("bad", 2));
        h.sup.spawnFailed(1, "command not found: /bin/worker");
        h.sup.spawnFailed(2, "command not found: /bin/worker");

        assertThat(h.worker(1).state()).isEqualTo(WorkerState.FATAL);
        assertThat(h.worker(1).reason()).contains("command not found");
        assertThat(h.appInfo("bad").state()).isEqualTo(AppState.FATAL);
        h.time.advance(600_000);
        assertThat(h.launcher.spawns).hasSize(2);
        assertThat(h.all()).contains("fatal#1", "fatal#2", "fatal");
    }

    @Test
    void lateFactsAboutAnOldGenerationAreIgnored() {
        h.startOnline(app("web", 1));
        h.time.advance(6_000);
        h.exit(1, 1);
        h.spawnAll();
        int m = h.mark();

        h.exit(1, 1);              // the same exit, delivered twice
        h.sup.spawned(1, 999);      // a spawn fact for the old process
        h.sup.ready(1);
        h.sup.exited(77, ExitStatus.ofCode(1)); // an id that never existed

        assertThat(h.since(m)).isEmpty();
        assertThat(h.worker(2).state()).isEqualTo(WorkerState.ONLINE);
    }

    @Test
    void aTimerOfAnOldGenerationDoesNothing() {
        h.sup.addApp(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.HTTP, 10_000));
        h.spawnAll();
        h.time.advance(3_000);
        h.exit(1, 1);            // worker 1 dies; its readiness timer was for generation 1
        h.time.advance(1_000);   // backoff over
        h.spawnAll();            // generation 2 starting
        h.time.advance(7_500);   // past generation 1's readiness deadline, not generation 2's
        assertThat(h.worker(2).state()).isEqualTo(WorkerState.STARTING);
        assertThat(h.launcher.sentTo(2)).isEmpty();
    }

    @Test
    void readinessGatesOnlineAndItsTimeoutCountsAsAFailedStart() {
        h.sup.addApp(CoreHarness.ladderOnly(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.TCP, 10_000)));
        h.spawnAll();
        assertThat(h.probes.watching).containsExactly(1L);
        h.time.advance(10_000);

        assertThat(h.details("probe")).containsEntry("kind", "readiness");
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.STOPPING);
        assertThat(h.launcher.sentTo(1)).containsExactly(new Sent(1, Signal.TERM, false));
        h.killed(1, "TERM");

        assertThat(h.details("exit")).containsEntry("expected", false);
        assertThat(h.workers("web").get(0).state()).isEqualTo(WorkerState.BACKOFF);
    }

    @Test
    void readyFactBringsTheWorkerOnlineWithTheTimeItTook() {
        h.sup.addApp(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.HTTP, 10_000));
        h.spawnAll();
        h.time.advance(420);
        h.sup.ready(1);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.ONLINE);
        assertThat(h.details("online")).containsEntry("afterMs", 420L);
        h.time.advance(60_000);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.ONLINE);
    }

    @Test
    void aFatalProbeFailureWhileStartingStopsTheWorker() {
        h.sup.addApp(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.NOTIFY, 10_000));
        h.spawnAll();
        h.sup.probeFailed(1, "readiness", "notify is not supported", true);
        assertThat(h.worker(1).state()).isEqualTo(WorkerState.STOPPING);
        assertThat(h.details("probe")).containsEntry("error", "notify is not supported");
    }
}
