package zpm.repl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionsTest {

    private final Completions completions = new Completions(new Completions.Live() {
        @Override
        public List<String> apps() {
            return List.of("web", "worker");
        }

        @Override
        public List<String> workerIds() {
            return List.of("1", "12", "2");
        }
    });

    @Test
    void theFirstWordIsACommand() {
        assertThat(completions.candidates(List.of(), "re")).containsExactly("restart", "resize");
        assertThat(completions.candidates(List.of(), "")).contains("status", "quit", "exit");
    }

    @Test
    void targetsAreAllAppsAndLiveWorkerIds() {
        assertThat(completions.candidates(List.of("restart"), "")).containsExactly("all", "web", "worker", "1", "12", "2");
        assertThat(completions.candidates(List.of("restart"), "w")).containsExactly("web", "worker");
        assertThat(completions.candidates(List.of("status", "web"), "1")).containsExactly("1", "12");
    }

    @Test
    void eachPositionKnowsItsKind() {
        assertThat(completions.candidates(List.of("resize"), "")).containsExactly("web", "worker");
        assertThat(completions.candidates(List.of("resize", "web"), "")).isEmpty();
        assertThat(completions.candidates(List.of("signal"), "US")).containsExactly("USR1", "USR2");
        assertThat(completions.candidates(List.of("signal", "HUP"), "a")).containsExactly("all");
        assertThat(completions.candidates(List.of("events"), "f")).containsExactly("fork", "fatal");
        assertThat(completions.candidates(List.of("events", "--app"), "")).containsExactly("web", "worker");
        assertThat(completions.candidates(List.of("help"), "st")).containsExactly("status", "start", "stop");
        assertThat(completions.candidates(List.of("logs", "-n"), "")).isEmpty();
    }

    @Test
    void optionsComplete() {
        assertThat(completions.candidates(List.of("logs"), "--f")).containsExactly("--follow");
        assertThat(completions.candidates(List.of("start", "web"), "--s")).containsExactly("--size");
    }

    @Test
    void anUnknownCommandOffersNothing() {
        assertThat(completions.candidates(List.of("frob"), "")).isEmpty();
    }
}
