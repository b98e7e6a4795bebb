package zpm.repl.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    @Test
    void durationsShowTheirTwoLargestUnits() {
        assertThat(Units.duration(0)).isEqualTo("0ms");
        assertThat(Units.duration(850)).isEqualTo("850ms");
        assertThat(Units.duration(42_000)).isEqualTo("42s");
        assertThat(Units.duration(192_000)).isEqualTo("3m12s");
        assertThat(Units.duration(2 * 3_600_000 + 5 * 60_000)).isEqualTo("2h05m");
        assertThat(Units.duration(3 * 86_400_000L + 4 * 3_600_000)).isEqualTo("3d04h");
        assertThat(Units.duration(-1)).isEqualTo("-");
    }

    @Test
    void bytesArePowersOf1024WithOneDecimalFromMegabytes() {
        assertThat(Units.bytes(512)).isEqualTo("512B");
        assertThat(Units.bytes(12 * 1024)).isEqualTo("12K");
        assertThat(Units.bytes(47_290_000)).isEqualTo("45.1M");
        assertThat(Units.bytes(1_288_490_189L)).isEqualTo("1.2G");
        assertThat(Units.bytes(-1)).isEqualTo("-");
    }

    @Test
    void percentHasOneDecimal() {
        assertThat(Units.percent(0.26)).isEqualTo("0.3%");
        assertThat(Units.percent(12)).isEqualTo("12.0%");
        assertThat(Units.percent(99.96)).isEqualTo("100.0%");
    }
}
