package zpm.examples.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerArgsTest {

    private static final Set<String> VALUED = Set.of("--port", "--every-ms");
    private static final Set<String> BOOLEANS = Set.of("--child");

    @Test
    void readsSpacedAndEqualsFormsAndBooleans() throws Exception {
        WorkerArgs args = WorkerArgs.parse(new String[] {"--port", "81", "--every-ms=5", "--child"}, VALUED, BOOLEANS);
        assertThat(args.number("--port", 8080, 0, 65_535)).isEqualTo(81);
        assertThat(args.number("--every-ms", 1000, 1, 10_000)).isEqualTo(5);
        assertThat(args.has("--child")).isTrue();
    }

    @Test
    void absentFlagsTakeTheirDefault() throws Exception {
        WorkerArgs args = WorkerArgs.parse(new String[0], VALUED, BOOLEANS);
        assertThat(args.number("--port", 8080, 0, 65_535)).isEqualTo(8080);
        assertThat(args.has("--child")).isFalse();
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhat() {
        assertThatThrownBy(() -> WorkerArgs.parse(new String[] {"--prot", "1"}, VALUED, BOOLEANS))
                .hasMessage("unknown argument: --prot");
        assertThatThrownBy(() -> WorkerArgs.parse(new String[] {"--port"}, VALUED, BOOLEANS))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> WorkerArgs.parse(new String[] {"--child=yes"}, VALUED, BOOLEANS))
                .hasMessage("unknown argument: --child=yes");
        assertThatThrownBy(() -> WorkerArgs.parse(new String[] {"--port", "x"}, VALUED, BOOLEANS)
                .number("--port", 8080, 0, 65_535)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> WorkerArgs.parse(new String[] {"--port", "70000"}, VALUED, BOOLEANS)
                .number("--port", 8080, 0, 65_535)).hasMessage("--port must be between 0 and 65535 (got 70000)");
    }
}
