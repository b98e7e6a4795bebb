package zpm.repl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private static final Args.Option N = Args.Option.value("--lines", "-n");
    private static final Args.Option F = Args.Option.flag("--follow", "-f");
    private static final Args.Option ENV = Args.Option.value("--env", "-e");

    @Test
    void optionsInAnyOrderWithAliasesAndEqualsSigns() {
        Args a = Args.parse("logs", List.of("web", "-n", "5", "-f"), N, F);
        assertThat(a.positionals()).containsExactly("web");
        assertThat(a.integer("--lines", 0, 100, 1)).isEqualTo(5);
        assertThat(a.has("--follow")).isTrue();
        assertThat(Args.parse("logs", List.of("--lines=7"), N, F).value("--lines")).isEqualTo("7");
    }

    @Test
    void repeatedOptionsKeepEveryValue() {
        Args a = Args.parse("start", List.of("-e", "A=1", "--env=B=2"), ENV);
        assertThat(a.values("--env")).containsExactly("A=1", "B=2");
    }

    @Test
    void everythingAfterDoubleDashIsKeptApart() {
        Args a = Args.parse("start", List.of("web", "--", "java", "-jar", "-n"), N);
        assertThat(a.positionals()).containsExactly("web");
        assertThat(a.rest()).containsExactly("java", "-jar", "-n");
        assertThat(a.hasRest()).isTrue();
    }

    @Test
    void negativeNumbersArePositionals() {
        assertThat(Args.parse("resize", List.of("web", "-1")).positionals()).containsExactly("web", "-1");
    }

    @Test
    void unknownOptionsAndMissingValuesSayWhat() {
        assertThatThrownBy(() -> Args.parse("logs", List.of("--tail"), N, F))
                .hasMessage("unknown option --tail for logs (it takes --lines, --follow)");
        assertThatThrownBy(() -> Args.parse("status", List.of("-x")))
                .hasMessage("unknown option -x for status (it takes none)");
        assertThatThrownBy(() -> Args.parse("logs", List.of("-n"), N)).hasMessage("--lines needs a value");
        assertThatThrownBy(() -> Args.parse("logs", List.of("-n", "x"), N).integer("--lines", 0, 9, 1))
                .hasMessage("--lines must be a whole number, not \"x\"");
    }
}
