package zpm.repl.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.FakeContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppFileTest {

    @TempDir
    Path dir;

    @Test
    void aYamlFileWithAListOfAppsStartsEach() throws Exception {
        Path f = dir.resolve("apps.yaml");
        Files.writeString(f, "apps:\n  - name: a\n    command: [sleep, '1']\n  - name: b\n    command: [sleep, '2']\n"
                + "    cwd: sub\n");
        FakeContext c = new FakeContext(false).run("start", "--file", f.toString());
        assertThat(c.calls).extracting(FakeContext.Call::params).containsExactly(
                "{\"app\":{\"name\":\"a\",\"command\":[\"sleep\",\"1\"],\"cwd\":\"" + dir + "\"}}",
                "{\"app\":{\"name\":\"b\",\"command\":[\"sleep\",\"2\"],\"cwd\":\"" + dir.resolve("sub") + "\"}}");
    }

    @Test
    void aJsonFileWithOneAppIsSentAsItIsToARemoteAgent() throws Exception {
        Path f = dir.resolve("web.json");
        Files.writeString(f, "{\"name\":\"web\",\"command\":[\"java\"],\"cwd\":\"rel\",\"size\":2}");
        FakeContext c = new FakeContext(false).remote().run("start", "-f", f.toString());
        assertThat(c.calls.get(0).params()).isEqualTo("{\"app\":{\"name\":\"web\",\"command\":[\"java\"],\"cwd\":\"rel\",\"size\":2}}");
    }

    @Test
    void aMissingOrEmptyFileIsAUsageError() throws Exception {
        assertThatThrownBy(() -> new FakeContext(false).run("start", "--file", dir.resolve("none.json").toString()))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("none.json: no such file");
        Path empty = dir.resolve("e.json");
        Files.writeString(empty, "[]");
        assertThatThrownBy(() -> new FakeContext(false).run("start", "--file", empty.toString()))
                .hasMessageContaining("holds no app objects");
    }

    @Test
    void brokenJsonAndAnEmptyFileSayWhatIsWrong() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"name\": \"web\", \"command\": [\"sleep\"");
        assertThatThrownBy(() -> new FakeContext(false).run("start", "--file", broken.toString()))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("cannot read " + broken + ": ")
                .hasMessageNotContaining("\n");
        Path blank = dir.resolve("blank.json");
        Files.writeString(blank, "  \n");
        assertThatThrownBy(() -> new FakeContext(false).run("start", "--file", blank.toString()))
                .isInstanceOf(UsageException.class).hasMessageEndingWith("blank.json is empty");
    }
}
