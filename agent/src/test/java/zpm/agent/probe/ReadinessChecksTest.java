package zpm.agent.probe;

import org.junit.jupiter.api.Test;
import zpm.agent.core.ProbeSpec;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessChecksTest {

    @Test
    void readinessPortWinsOverTheAppsPort() {
        assertThat(target(9000, 8080).port()).isEqualTo(9000);
        assertThat(target(null, 8080).port()).isEqualTo(8080);
        assertThat(target(null, null).port()).isNull();
    }

    @Test
    void httpTimeoutIsTenIntervalsWithinBounds() {
        assertThat(ReadinessChecks.httpTimeoutMs(5)).isEqualTo(100);
        assertThat(ReadinessChecks.httpTimeoutMs(100)).isEqualTo(1_000);
        assertThat(ReadinessChecks.httpTimeoutMs(60_000)).isEqualTo(2_000);
    }

    @Test
    void execTimeoutIsTenIntervalsWithinBounds() {
        assertThat(ReadinessChecks.execTimeoutMs(10)).isEqualTo(1_000);
        assertThat(ReadinessChecks.execTimeoutMs(500)).isEqualTo(5_000);
        assertThat(ReadinessChecks.execTimeoutMs(60_000)).isEqualTo(10_000);
    }

    private static ReadinessChecks.Target target(Integer specPort, Integer appPort) {
        ProbeSpec spec = new ProbeSpec(ProbeSpec.Type.TCP, specPort, null, List.of(), 30_000, 100, 3);
        return new ReadinessChecks.Target(1, 4242, spec, appPort, 100);
    }
}
