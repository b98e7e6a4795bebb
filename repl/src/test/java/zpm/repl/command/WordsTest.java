package zpm.repl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordsTest {

    @Test
    void blanksSeparateWordsAndSemicolonsCommands() {
        assertThat(Words.commands("status;  restart web ;resize web 4"))
                .containsExactly(List.of("status"), List.of("restart", "web"), List.of("resize", "web", "4"));
    }

    @Test
    void quotesAndBackslashesKeepWordsTogether() {
        assertThat(Words.commands("start sh -- sh -c 'echo a; echo b' \"x \\\"y\\\"\" a\\ b"))
                .containsExactly(List.of("start", "sh", "--", "sh", "-c", "echo a; echo b", "x \"y\"", "a b"));
        assertThat(Words.split("logs ''")).containsExactly("logs", "");
    }

    @Test
    void newlinesSeparateCommandsAndHashCommentsOut() {
        assertThat(Words.commands("# a script\nstatus # all of them\n\napps"))
                .containsExactly(List.of("status"), List.of("apps"));
        assertThat(Words.split("signal a#b")).containsExactly("signal", "a#b");
    }

    @Test
    void aWordThatStartsLikeJsonIsKeptAsTypedToItsClosingBracket() {
        assertThat(Words.commands("send web {\"a\": \"b}; c\\\"\", \"n\": [1, 2]} ; status"))
                .containsExactly(List.of("send", "web", "{\"a\": \"b}; c\\\"\", \"n\": [1, 2]}"), List.of("status"));
        assertThat(Words.split("send web [1,{\"x\":[]}]")).containsExactly("send", "web", "[1,{\"x\":[]}]");
        assertThat(Words.split("signal a{b")).containsExactly("signal", "a{b");
        assertThat(Words.commands("send web {\"a\": 1\nstatus")).containsExactly(List.of("send", "web", "{\"a\": 1"), List.of("status"));
    }

    @Test
    void anUnclosedQuoteIsAUsageError() {
        assertThatThrownBy(() -> Words.commands("start 'oops")).isInstanceOf(UsageException.class)
                .hasMessage("unclosed ' quote");
    }

    @Test
    void emptyInputHasNoCommands() {
        assertThat(Words.commands("  ;; \n")).isEmpty();
    }
}
