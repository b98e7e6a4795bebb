package zpm.repl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetsTest {

    @Test
    void allAnAppOneIdOrSeveralIds() {
        assertThat(Targets.parse(List.of("all")).toString()).isEqualTo("\"all\"");
        assertThat(Targets.parse(List.of("web")).toString()).isEqualTo("\"web\"");
        assertThat(Targets.parse(List.of("7")).toString()).isEqualTo("7");
        assertThat(Targets.parse(List.of("3", "4")).toString()).isEqualTo("[3,4]");
    }

    @Test
    void namesAndIdsDoNotMix() {
        assertThatThrownBy(() -> Targets.parse(List.of("web", "3"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("one app name");
        assertThatThrownBy(() -> Targets.parse(List.of("web", "api"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Targets.parse(List.of())).hasMessage("which workers? give all, an app name, or worker ids");
    }

    @Test
    void zeroIsNotAWorkerIdSoItNamesAnApp() {
        assertThat(Numbers.isWorkerId("0")).isFalse();
        assertThat(Targets.parse(List.of("0")).toString()).isEqualTo("\"0\"");
    }

    @Test
    void progressFollowsTheNamedApp() {
        assertThat(Targets.appOf(Targets.parse(List.of("web")))).isEqualTo("web");
        assertThat(Targets.appOf(Targets.parse(List.of("all")))).isNull();
        assertThat(Targets.appOf(Targets.parse(List.of("3")))).isNull();
    }
}
