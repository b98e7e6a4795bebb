package zpm.agent.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffSpecTest {

    @ParameterizedTest(name = "attempt {0} -> {1} ms, exhausted={2}")
    @CsvSource({
            "0, 0, false",
            "1, 1000, false",
            "2, 2000, false",
            "3, 4000, false",
            "4, 8000, false",
            "5, 16000, true",
            "6, 16000, true",
            "40, 16000, true",
    })
    void defaultLadderDoublesFromOneSecondToSixteen(int attempt, long delay, boolean exhausted) {
        assertThat(BackoffSpec.DEFAULT.delayFor(attempt)).isEqualTo(delay);
        assertThat(BackoffSpec.DEFAULT.exhausted(attempt)).isEqualTo(exhausted);
    }

    @ParameterizedTest(name = "initial {0} max {1} attempt {2} -> {3}")
    @CsvSource({
            "300, 1000, 1, 300",
            "300, 1000, 2, 600",
            "300, 1000, 3, 1000",
            "500, 500, 1, 500",
            "1, 9223372036854775807, 70, 9223372036854775807",
    })
    void capIsNeverExceededAndNeverOverflows(long initial, long max, int attempt, long delay) {
        assertThat(new BackoffSpec(initial, max, 5000).delayFor(attempt)).isEqualTo(delay);
    }

    @ParameterizedTest(name = "burst {0}, crash {1} -> {2} ms")
    @CsvSource({
            "3, 1, 0",
            "3, 3, 0",
            "3, 4, 1000",
            "3, 5, 2000",
            "3, 8, 16000",
            "0, 1, 1000",
            "0, 5, 16000",
            "1, 2, 1000",
    })
    void theBurstForksAtOnceThenTheLadderStartsAtInitialMs(int burst, int crash, long delay) {
        assertThat(new BackoffSpec(1000, 16_000, 5000, burst).delayAfterCrash(crash)).isEqualTo(delay);
    }
}
