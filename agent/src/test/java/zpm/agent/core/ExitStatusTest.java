package zpm.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void waitStatusOfANormalExitIsItsCode() {
        assertThat(ExitStatus.fromWaitStatus(0)).isEqualTo(ExitStatus.ofCode(0));
        assertThat(ExitStatus.fromWaitStatus(3 << 8)).isEqualTo(ExitStatus.ofCode(3));
        assertThat(ExitStatus.fromWaitStatus(137 << 8)).as("exit(137) is not a SIGKILL").isEqualTo(ExitStatus.ofCode(137));
        assertThat(ExitStatus.fromWaitStatus(255 << 8)).isEqualTo(ExitStatus.ofCode(255));
    }

    @Test
    void waitStatusOfASignalDeathIsTheSignalWithOrWithoutCoreDump() {
        assertThat(ExitStatus.fromWaitStatus(9)).isEqualTo(ExitStatus.ofSignal("KILL"));
        assertThat(ExitStatus.fromWaitStatus(15)).isEqualTo(ExitStatus.ofSignal("TERM"));
        assertThat(ExitStatus.fromWaitStatus(0x80 | 11)).as("core dumped").isEqualTo(ExitStatus.ofSignal("SEGV"));
        assertThat(ExitStatus.fromWaitStatus(0x80 | 6)).isEqualTo(ExitStatus.ofSignal("ABRT"));
    }

    @Test
    void onlyCodeZeroIsClean() {
        assertThat(ExitStatus.ofCode(0).clean()).isTrue();
        assertThat(ExitStatus.ofCode(1).clean()).isFalse();
        assertThat(ExitStatus.ofSignal("TERM").clean()).isFalse();
    }
}
