package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    private static final String SLEEP = "4242 (sleep) S 4200 4242 4242 0 -1 4194304 297 0 4 0 7 3 0 0 "
            + "20 0 1 0 28137 2990080 254 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void parsesTheFieldsZpmUses() {
        ProcStat s = ProcStat.parse(SLEEP);

        assertThat(s).isEqualTo(new ProcStat(4242, "sleep", 'S', 4200, 4242, 4242, 7, 3, 28137));
        assertThat(s.zombie()).isFalse();
    }

    @Test
    void commWithSpacesAndParenthesesDoesNotShiftFields() {
        String line = "77 (my (evil) ) name) Z 1 70 60 0 -1 4194304 0 0 0 0 11 12 0 0 20 0 1 0 999 0 0";

        ProcStat s = ProcStat.parse(line);

        assertThat(s.comm()).isEqualTo("my (evil) ) name");
        assertThat(s.state()).isEqualTo('Z');
        assertThat(s.zombie()).isTrue();
        assertThat(s.ppid()).isEqualTo(1);
        assertThat(s.pgrp()).isEqualTo(70);
        assertThat(s.session()).isEqualTo(60);
        assertThat(s.utime()).isEqualTo(11);
        assertThat(s.stime()).isEqualTo(12);
        assertThat(s.startTime()).isEqualTo(999);
    }

    @Test
    void trailingNewlineIsAccepted() {
        assertThat(ProcStat.parse(SLEEP + "\n").startTime()).isEqualTo(28137);
    }

    @Test
    void malformedLinesAreRejected() {
        assertThatThrownBy(() -> ProcStat.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("12 x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse(SLEEP.replace("28137", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsOwnProcessAndNothingForAMissingPid() {
        long self = ProcessHandle.current().pid();

        ProcStat s = ProcStat.read(self).orElseThrow();

        assertThat(s.pid()).isEqualTo(self);
        assertThat(ProcStat.isRunning(self, s.startTime())).isTrue();
        assertThat(ProcStat.isRunning(self, s.startTime() + 1)).isFalse();
        assertThat(ProcStat.read(Integer.MAX_VALUE)).isEmpty();
        assertThat(ProcStat.all()).extracting(ProcStat::pid).contains(self);
    }
}
