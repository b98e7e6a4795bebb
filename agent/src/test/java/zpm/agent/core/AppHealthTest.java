package zpm.agent.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

/** An app's health (danger, fatal) has one writer: each edge of danger is an event, and fatal says why as a type. */
class AppHealthTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void anOperatorRestartThatClearsDangerSaysSo() {
        h.startOnline(app("web", 2));
        h.time.advance(500);
        h.exit(1, 1);
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.DANGER);
        int m = h.mark();

        h.sup.restart(Target.app("web"));

        assertThat(h.since(m)).startsWith("danger", "restart");
        assertThat(CoreHarness.fields(h.events.get(m))).containsEntry("active", false)
                .containsEntry("reason", "cleared by an operator's restart");
        assertThat(h.appInfo("web").reason()).isNull();
        h.assertSeqGapless();
    }

    @Test
    void anOperatorResizeOfAFatalAppInDangerClearsBothAndSaysSo() {
        givenCrashLoop();
        assertThat(h.appInfo("web").failure()).isEqualTo(AppFailure.CRASH_LOOP);
        int m = h.mark();

        h.sup.resize("web", 1);

        assertThat(h.since(m)).startsWith("danger", "resize");
        assertThat(CoreHarness.fields(h.events.get(m))).containsEntry("active", false)
                .containsEntry("reason", "cleared by an operator's resize");
        assertThat(h.appInfo("web").failure()).isNull();
        assertThat(h.appInfo("web").state()).isEqualTo(AppState.RESIZING);
    }

    @Test
    void aRestartOfAHealthyAppEmitsNoDangerEvent() {
        h.startOnline(app("web", 1));
        int m = h.mark();
        h.sup.restart(Target.app("web"));
        h.spawnAll();
        h.killed(1, "TERM");
        assertThat(h.since(m)).containsExactly("restart", "fork#2", "online#2", "disconnect#1", "exit#1", "restart");
    }

    @Test
    void dangerIsEmittedOnceOnEachEdge() {
        h.startOnline(app("web", 2));
        h.time.advance(500);
        h.exit(1, 1);
        h.time.advance(500);
        h.exit(2, 1);
        h.time.advance(1_000);
        h.spawnAll();
        h.time.advance(5_000);
        h.time.advance(5_000);
        assertThat(h.all().stream().filter("danger"::equals)).hasSize(2);
        assertThat(h.details("danger")).containsEntry("active", false);
    }

    @Test
    void aCommandThatCannotBeStartedIsFatalWithTheSpawnFailedKind() {
        h.sup.addApp(app("bad", 1));
        h.sup.spawnFailed(1, "command not found: /bin/worker");
        AppInfo a = h.appInfo("bad");
        assertThat(a.state()).isEqualTo(AppState.FATAL);
        assertThat(a.failure()).isEqualTo(AppFailure.SPAWN_FAILED);
        assertThat(a.reason()).isEqualTo("spawn failed: command not found: /bin/worker");
    }

    @Test
    void anAppThatRunsHasNoFailure() {
        h.startOnline(app("web", 1));
        assertThat(h.appInfo("web").failure()).isNull();
    }

    @Test
    void aWorkerStoppedBeforeItsSpawnFailedIsLeftExitedNotFatal() {
        h.sup.addApp(app("web", 2));
        h.sup.shutdown(Target.ids(1L));
        int m = h.mark();

        h.sup.spawnFailed(1, "command not found: /bin/worker");

        assertThat(h.worker(1).state()).as("STOPPING -> EXITED, not an illegal STOPPING -> FATAL")
                .isEqualTo(WorkerState.EXITED);
        assertThat(h.since(m)).isEmpty();
        assertThat(h.appInfo("web").failure()).isNull();
    }

    @Test
    void aFailedStartDuringARestartLetsTheQueuedRestartBeginOnlyAfterTheCrashIsHandled() {
        h.startOnline(CoreHarness.ladderOnly(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.HTTP, 10_000)));
        h.time.advance(3_000);
        h.exit(1, 1);                               // worker 1 in backoff
        h.sup.restart(Target.ids(1L));             // forks it in place as worker 2
        h.sup.restart(Target.ALL);                  // queued, plans worker 2
        h.spawnAll();
        h.time.advance(2_500);                      // older than minRestartAgeMs: no danger
        int m = h.mark();

        h.exit(2, 1);                               // worker 2 dies before it is ready

        assertThat(h.since(m)).containsExactly("exit#2", "restart", "backoff#2", "restart");
        assertThat(CoreHarness.fields(h.events.get(m + 1))).containsEntry("phase", "failed");
        assertThat(h.details("restart")).containsEntry("phase", "begin");
        assertThat(h.workers("web")).extracting(WorkerInfo::id, WorkerInfo::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, WorkerState.STARTING));
        h.assertSeqGapless();
    }

    private void givenCrashLoop() {
        h.startThenCrashUntilFatal(app("web", 1));
    }
}
