package zpm.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleDocTest {

    private static final Path DOC = Path.of("..", "docs", "lifecycle.md");

    @Test
    void docsLifecycleMatchesTheEdgesTheirEventsTheTimersAndTheAppStatesInCode() throws IOException {
        String rendered = LifecycleDoc.render();
        if (Boolean.getBoolean("zpm.writeDocs")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, rendered);
        }
        assertThat(DOC).as("docs/lifecycle.md; regenerate with -Dzpm.writeDocs=true").exists();
        assertThat(Files.readString(DOC)).as("docs/lifecycle.md is out of date: regenerate with -Dzpm.writeDocs=true")
                .isEqualTo(rendered);
    }

    @Test
    void everyAppStateSaysWhatItMeansAndWhatLeadsInAndOut() {
        for (AppState s : AppState.values()) {
            assertThat(List.of(s.meaning(), s.into(), s.outOf())).as(s.name()).allSatisfy(t -> assertThat(t).isNotBlank());
        }
        assertThat(LifecycleDoc.render()).contains("| `fatal` | given up on").contains("| `danger` |");
    }

    @Test
    void everyStateCanBeLeftAndEveryStateCanBeReached() {
        for (WorkerState s : WorkerState.values()) {
            assertThat(WorkerState.allowedEdges().get(s)).as(s + " has a way out").isNotEmpty();
            boolean reachable = s == WorkerState.STARTING || WorkerState.allowedEdges().values().stream()
                    .anyMatch(to -> to.contains(s));
            assertThat(reachable).as(s + " is reachable").isTrue();
        }
    }
}
