package zpm.agent.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zpm.agent.core.testing.ManualTime;
import zpm.protocol.event.LifecycleEvent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The choke point's rules as tables: which cause takes which edge, the event it emits, the timers each state keeps. */
class TransitionsTest {

    private final ManualTime time = new ManualTime();
    private final List<LifecycleEvent> events = new ArrayList<>();
    private final Transitions transitions = new Transitions(new Events(time, events::add, null));

    @ParameterizedTest(name = "{0} -{2}-> {1} emits {3}")
    @CsvSource(delimiter = '|', textBlock = """
            NEW      | STARTING | FORK         | -
            EXITED   | STARTING | FORK         | -
            BACKOFF  | STARTING | FORK         | -
            FATAL    | STARTING | FORK         | -
            STARTING | STARTING | SPAWNED      | fork
            STOPPING | STOPPING | SPAWNED      | fork
            STARTING | ONLINE   | READY        | online
            STARTING | STOPPING | STOP         | disconnect
            ONLINE   | STOPPING | STOP         | disconnect
            BACKOFF  | EXITED   | STOP         | -
            FATAL    | EXITED   | STOP         | -
            STARTING | EXITED   | EXIT         | exit
            ONLINE   | EXITED   | EXIT         | exit
            STOPPING | EXITED   | EXIT         | exit
            STARTING | FATAL    | SPAWN_FAILED | fatal
            STARTING | EXITED   | SPAWN_FAILED | -
            STOPPING | EXITED   | SPAWN_FAILED | -
            EXITED   | BACKOFF  | BACKOFF      | backoff
            EXITED   | FATAL    | DEV_MODE     | fatal
            EXITED   | FATAL    | APP_FATAL    | -
            BACKOFF  | FATAL    | APP_FATAL    | -
            """)
    void eachEdgeEmitsTheEventOfItsCause(String from, WorkerState to, Cause.Kind kind, String event) {
        Worker w = worker(from.equals("NEW") ? null : WorkerState.valueOf(from));
        transitions.go(w, to, sample(kind));

        assertThat(w.state).isEqualTo(to);
        assertThat(events).extracting(e -> e.type().wireName())
                .containsExactlyElementsOf(event.equals("-") ? List.of() : List.of(event));
    }

    @Test
    void theTableAboveIsEveryRuleAndEveryRuleIsAnAllowedEdgeOrAFactInPlace() {
        int edges = 0;
        for (Transitions.Rule r : Transitions.RULES) {
            for (WorkerState from : r.from()) {
                edges++;
                assertThat(r.to() == null || from.canGo(r.to())).as(from + "->" + r.to()).isTrue();
            }
        }
        assertThat(edges + 1).as("rows of the table above (the new worker's fork is one more)").isEqualTo(21);
    }

    @Test
    void everyAllowedEdgeHasACause() {
        WorkerState.allowedEdges().forEach((from, tos) -> {
            for (WorkerState to : tos) {
                boolean covered = Transitions.RULES.stream().anyMatch(r -> r.from().contains(from) && r.to() == to);
                assertThat(covered).as(from + "->" + to + " has a rule").isTrue();
            }
        });
    }

    @Test
    void aCauseOffItsEdgesIsRefusedAndChangesNothing() {
        Worker w = worker(WorkerState.ONLINE);
        assertThatThrownBy(() -> transitions.go(w, WorkerState.STOPPING, sample(Cause.Kind.EXIT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ONLINE->STOPPING");
        assertThatThrownBy(() -> transitions.go(w, WorkerState.BACKOFF, sample(Cause.Kind.BACKOFF)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> transitions.note(w, sample(Cause.Kind.SPAWNED)))
                .as("the pid of an online worker is known already").isInstanceOf(IllegalStateException.class);
        assertThat(w.state).isEqualTo(WorkerState.ONLINE);
        assertThat(events).isEmpty();
    }

    @ParameterizedTest(name = "{0} keeps {1}")
    @CsvSource(delimiter = '|', textBlock = """
            STARTING | READINESS
            ONLINE   | STABLE WATCHDOG
            STOPPING | STABLE KILL
            EXITED   | -
            BACKOFF  | BACKOFF
            FATAL    | -
            """)
    void eachStateAllowsItsTimers(WorkerState state, String timers) {
        Set<WorkerTimer> want = EnumSet.noneOf(WorkerTimer.class);
        if (!timers.equals("-")) {
            for (String t : timers.split(" ")) {
                want.add(WorkerTimer.valueOf(t));
            }
        }
        assertThat(state.timers()).isEqualTo(want);
    }

    @Test
    void everyChangeOfStateDropsTheTimersTheNewStateDoesNotAllow() {
        for (Transitions.Rule r : Transitions.RULES) {
            for (WorkerState from : r.from()) {
                WorkerState to = r.to() == null ? from : r.to();
                Worker w = worker(from);
                for (WorkerTimer t : from.timers()) {
                    w.timers.arm(t, from, time, 1_000, () -> { });
                }
                transitions.go(w, to, sample(r.cause()));
                for (WorkerTimer t : WorkerTimer.values()) {
                    assertThat(w.timers.isArmed(t)).as(from + "->" + to + " " + t)
                            .isEqualTo(from.timers().contains(t) && to.timers().contains(t));
                }
                assertThat(time.pending()).as("dropped timers are cancelled").isEqualTo(count(from, to));
                time.advance(1_000);
            }
        }
    }

    @Test
    void aTimerTheStateDoesNotAllowIsABug() {
        Worker w = worker(WorkerState.BACKOFF);
        assertThatThrownBy(() -> w.timers.arm(WorkerTimer.KILL, w.state, time, 10, () -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTimerForgetsItselfWhenItFires() {
        Worker w = worker(WorkerState.ONLINE);
        w.timers.arm(WorkerTimer.STABLE, w.state, time, 10, () -> { });
        time.advance(10);
        assertThat(w.timers.isArmed(WorkerTimer.STABLE)).isFalse();
    }

    private static int count(WorkerState from, WorkerState to) {
        return (int) from.timers().stream().filter(to.timers()::contains).count();
    }

    private Worker worker(WorkerState state) {
        Worker w = new Worker(new App(CoreHarness.app("web", 1)), 0);
        w.id = 7;
        w.state = state;
        return w;
    }

    private static Cause sample(Cause.Kind kind) {
        return switch (kind) {
            case FORK -> new Cause.Fork("size 1");
            case SPAWNED -> new Cause.Spawned(List.of("/bin/worker"));
            case READY -> new Cause.Ready(5);
            case STOP -> new Cause.Stop("shutdown");
            case EXIT -> new Cause.Exit(ExitStatus.ofCode(1), false, 10);
            case SPAWN_FAILED -> new Cause.SpawnFailed("spawn failed: no such file");
            case BACKOFF -> new Cause.Backoff(1_000, "code=1 after 10 ms, crash 1 in a row");
            case DEV_MODE -> new Cause.DevMode("dev mode: code=1 after 10 ms");
            case APP_FATAL -> new Cause.AppFatal("workers keep dying");
        };
    }
}
