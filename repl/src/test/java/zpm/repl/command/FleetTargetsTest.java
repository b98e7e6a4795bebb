package zpm.repl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Targets naming a node (NODE/APP, NODE/ID, NODE/all) and Tab in a 3-node fleet. */
class FleetTargetsTest {

    private final Completions completions = new Completions(new Completions.Live() {
        @Override
        public List<String> apps() {
            return List.of("web", "api");
        }

        @Override
        public List<String> workerIds() {
            return List.of("1", "2");
        }

        @Override
        public List<String> nodes() {
            return List.of("a", "b", "c");
        }

        @Override
        public List<String> qualified() {
            return List.of("a/all", "b/all", "c/all", "a/web", "a/1", "b/web", "b/1", "b/api", "b/3");
        }
    });

    @Test
    void qualifiedIdsGoAsStringsPlainIdsAsNumbers() {
        assertThat(Targets.parse(List.of("b/web")).toString()).isEqualTo("\"b/web\"");
        assertThat(Targets.parse(List.of("c/all")).toString()).isEqualTo("\"c/all\"");
        assertThat(Targets.parse(List.of("b/3")).toString()).isEqualTo("\"b/3\"");
        assertThat(Targets.parse(List.of("b/3", "c/4")).toString()).isEqualTo("[\"b/3\",\"c/4\"]");
        assertThat(Targets.parse(List.of("3", "c/4")).toString()).isEqualTo("[3,\"c/4\"]");
    }

    @Test
    void progressFollowsTheAppOfAQualifiedTarget() {
        assertThat(Targets.appOf(Targets.parse(List.of("b/web")))).isEqualTo("web");
        assertThat(Targets.appOf(Targets.parse(List.of("b/all")))).isNull();
        assertThat(Targets.appOf(Targets.parse(List.of("b/3")))).isNull();
    }

    @Test
    void aBadNodeNameOrAMissingTargetIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Targets.parse(List.of("b/"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("NODE/APP, NODE/ID or NODE/all");
        assertThatThrownBy(() -> Targets.parse(List.of("b c/web"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> Targets.parse(List.of("b/web", "c/web"))).hasMessageContaining("one app name");
    }

    @Test
    void commandsTakeQualifiedTargets() {
        assertThat(Commands.parse(List.of("restart", "b/web"))).isNotNull();
        assertThat(Commands.parse(List.of("shutdown", "c/all"))).isNotNull();
        assertThat(Commands.parse(List.of("restart", "b/3", "c/4"))).isNotNull();
        assertThat(Commands.parse(List.of("status", "b/web", "c/api"))).isNotNull();
        assertThat(Commands.parse(List.of("nodes"))).isNotNull();
        assertThatThrownBy(() -> Commands.parse(List.of("nodes", "a"))).hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> Commands.parse(List.of("start", "w", "--node", "b/c", "--", "sleep", "1")))
                .hasMessageContaining("--node takes a node's name");
    }

    @Test
    void tabOffersNodePrefixesThenTheNodesTargets() {
        assertThat(completions.candidates(List.of("restart"), ""))
                .containsExactly("all", "web", "api", "1", "2", "a/", "b/", "c/");
        assertThat(completions.candidates(List.of("restart"), "b")).containsExactly("b/");
        assertThat(completions.candidates(List.of("restart"), "b/")).containsExactly("b/all", "b/web", "b/1", "b/api", "b/3");
        assertThat(completions.candidates(List.of("shutdown"), "b/a")).containsExactly("b/all", "b/api");
        assertThat(completions.candidates(List.of("start", "w", "--node"), "")).containsExactly("a", "b", "c");
        assertThat(completions.candidates(List.of(), "no")).containsExactly("nodes");
    }
}
