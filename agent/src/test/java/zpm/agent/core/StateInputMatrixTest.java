package zpm.agent.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.core.CoreHarness.app;

/**
 * Every (worker state, input) pair: a worker of a one-worker app (http readiness, 10 s) is brought
 * into a state, one input is applied, and the states of the workers in its slot are checked.
 * "-" means the slot is empty. No pair may throw.
 */
class StateInputMatrixTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            STARTING_NO_PID | spawned   | STARTING
            STARTING_NO_PID | exited    | BACKOFF
            STARTING_NO_PID | ready     | STARTING
            STARTING_NO_PID | probeFail | STOPPING
            STARTING_NO_PID | shutdown  | STOPPING
            STARTING_NO_PID | terminate | STOPPING
            STARTING_NO_PID | restart   | STARTING STARTING
            STARTING_NO_PID | shrink    | STOPPING
            STARTING_NO_PID | grow      | STARTING
            STARTING_NO_PID | time      | STARTING
            STARTING        | spawned   | STARTING
            STARTING        | exited    | BACKOFF
            STARTING        | ready     | ONLINE
            STARTING        | probeFail | STOPPING
            STARTING        | shutdown  | STOPPING
            STARTING        | terminate | STOPPING
            STARTING        | restart   | STARTING STARTING
            STARTING        | shrink    | STOPPING
            STARTING        | grow      | STARTING
            STARTING        | time      | STOPPING
            ONLINE          | spawned   | ONLINE
            ONLINE          | exited    | BACKOFF
            ONLINE          | ready     | ONLINE
            ONLINE          | probeFail | STOPPING
            ONLINE          | shutdown  | STOPPING
            ONLINE          | terminate | STOPPING
            ONLINE          | restart   | ONLINE STARTING
            ONLINE          | shrink    | STOPPING
            ONLINE          | grow      | ONLINE
            ONLINE          | time      | ONLINE
            STOPPING        | spawned   | STOPPING
            STOPPING        | exited    | EXITED
            STOPPING        | ready     | STOPPING
            STOPPING        | probeFail | STOPPING
            STOPPING        | shutdown  | STOPPING
            STOPPING        | terminate | STOPPING
            STOPPING        | restart   | STOPPING
            STOPPING        | shrink    | STOPPING
            STOPPING        | grow      | STOPPING
            STOPPING        | time      | STOPPING
            EXITED          | spawned   | EXITED
            EXITED          | exited    | EXITED
            EXITED          | ready     | EXITED
            EXITED          | probeFail | EXITED
            EXITED          | shutdown  | EXITED
            EXITED          | terminate | EXITED
            EXITED          | restart   | STARTING
            EXITED          | shrink    | -
            EXITED          | grow      | EXITED
            EXITED          | time      | EXITED
            BACKOFF         | spawned   | BACKOFF
            BACKOFF         | exited    | BACKOFF
            BACKOFF         | ready     | BACKOFF
            BACKOFF         | probeFail | BACKOFF
            BACKOFF         | shutdown  | EXITED
            BACKOFF         | terminate | EXITED
            BACKOFF         | restart   | STARTING
            BACKOFF         | shrink    | -
            BACKOFF         | grow      | BACKOFF
            BACKOFF         | time      | STARTING
            FATAL           | spawned   | FATAL
            FATAL           | exited    | FATAL
            FATAL           | ready     | FATAL
            FATAL           | probeFail | FATAL
            FATAL           | shutdown  | EXITED
            FATAL           | terminate | EXITED
            FATAL           | restart   | STARTING
            FATAL           | shrink    | -
            FATAL           | grow      | STARTING
            FATAL           | time      | FATAL
            """)
    void everyStateTakesEveryInput(String from, String input, String expected) {
        CoreHarness h = new CoreHarness();
        bringInto(h, from);
        apply(h, input);
        List<String> slot0 = h.workers("web").stream().filter(w -> w.slot() == 0)
                .map(w -> w.state().name()).toList();
        List<String> want = expected.equals("-") ? List.of() : Arrays.asList(expected.split(" "));
        assertThat(slot0).as("%s + %s, events %s", from, input, h.all()).isEqualTo(want);
        h.assertSeqGapless();
    }

    private static void bringInto(CoreHarness h, String state) {
        // The ladder from the first crash: the rows cover the backoff state (burst: BurstPacingTest).
        h.sup.addApp(CoreHarness.ladderOnly(CoreHarness.withReadiness(app("web", 1), ProbeSpec.Type.HTTP, 10_000)));
        switch (state) {
            case "STARTING_NO_PID" -> { }
            case "STARTING" -> h.spawn(1);
            case "ONLINE" -> online(h);
            case "STOPPING" -> {
                online(h);
                h.sup.shutdown(Target.ids(1L));
            }
            case "EXITED" -> {
                online(h);
                h.sup.shutdown(Target.ids(1L));
                h.killed(1, "TERM");
            }
            case "BACKOFF" -> {
                online(h);
                h.time.advance(3_000);
                h.exit(1, 1);
            }
            case "FATAL" -> h.sup.spawnFailed(1, "command not found: /bin/worker");
            default -> throw new IllegalArgumentException(state);
        }
        assertThat(h.workers("web").get(0).state().name()).isEqualTo(state.replace("_NO_PID", ""));
    }

    private static void online(CoreHarness h) {
        h.spawn(1);
        h.sup.ready(1);
    }

    private static void apply(CoreHarness h, String input) {
        switch (input) {
            case "spawned" -> h.sup.spawned(1, 5555);
            case "exited" -> h.exit(1, 1);
            case "ready" -> h.sup.ready(1);
            case "probeFail" -> h.sup.probeFailed(1, "readiness", "refused", true);
            case "shutdown" -> h.sup.shutdown(Target.ids(1L));
            case "terminate" -> h.sup.terminate(Target.ids(1L));
            case "restart" -> h.sup.restart(Target.ids(1L));
            case "shrink" -> h.sup.resize("web", 0);
            case "grow" -> h.sup.resize("web", 2);
            case "time" -> h.time.advance(60_000);
            default -> throw new IllegalArgumentException(input);
        }
    }
}
