package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NativeSpawn#run}: the start-up probes' way to run a short command to its end. */
class NativeSpawnRunIT {

    private static int run(int timeoutMs, String... argv) throws NativeSpawn.Failure {
        return NativeSpawn.run(argv[0], List.of(argv), System.getenv(), timeoutMs);
    }

    @Test
    void givesTheExitCode() throws Exception {
        assertThat(run(10_000, "/bin/true")).isZero();
        assertThat(run(10_000, "/bin/sh", "-c", "exit 3")).isEqualTo(3);
    }

    @Test
    void aDeathBySignalOrAWriteToTheClosedOutputIsMinusOne() throws Exception {
        assertThat(run(10_000, "/bin/sh", "-c", "kill -TERM $$")).isEqualTo(-1);
        assertThat(run(10_000, "/bin/sh", "-c", "sleep 0.2; echo out; exit 0")).isEqualTo(-1);
    }

    @Test
    void aCommandPastItsTimeIsKilledAndReaped() throws Exception {
        long t0 = System.nanoTime();
        assertThat(run(300, "/bin/sleep", "30")).isEqualTo(-1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
        long self = ProcessHandle.current().pid();
        // Its own `sleep 30` only: once, in a full run, a `sleep` child of this JVM that another test
        // had started was still running here (not found which). A zombie has no arguments left to
        // tell whose it is: it counts.
        assertThat(ProcStat.all().stream().filter(p -> p.ppid() == self && p.comm().equals("sleep")
                && ProcessHandle.of(p.pid()).flatMap(h -> h.info().arguments())
                        .map(args -> java.util.Arrays.equals(args, new String[] {"30"})).orElse(true)))
                .as("no sleep child left, not even a zombie").isEmpty();
    }

    @Test
    void aMissingProgramIsAFailure() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(1000, "/nonexistent/zpm-probe"))
                .isInstanceOf(NativeSpawn.Failure.class);
    }
}
