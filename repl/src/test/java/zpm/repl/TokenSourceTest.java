package zpm.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.command.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSourceTest {

    @TempDir
    Path home;

    private TokenSource resolve(Map<String, String> env, String... args) {
        return TokenSource.resolve(Options.parse(args), env, home.toString(), p -> "typed");
    }

    private void agentToken(String token) throws Exception {
        Path dir = home.resolve(".local/state/zpm");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("token"), token + "\n");
    }

    @Test
    void theFlagWinsThenTheFileThenTheVariable() throws Exception {
        Path f = home.resolve("t");
        Files.writeString(f, " from-file \n");
        agentToken("local");
        Map<String, String> env = Map.of(TokenSource.ENV, "from-env");
        assertThat(resolve(env, "--token", "flag")).isEqualTo(new TokenSource("flag", "--token"));
        assertThat(resolve(env, "--token-file", f.toString())).isEqualTo(new TokenSource("from-file", f.toString(), f));
        assertThat(resolve(env)).isEqualTo(new TokenSource("from-env", "ZPM_TOKEN"));
    }

    @Test
    void aTokenFromAFileIsReadAgainForEachConnectAndAFixedOneIsNot() throws Exception {
        Path f = home.resolve("t");
        Files.writeString(f, "first\n");
        Supplier<String> live = resolve(Map.of(), "--token-file", f.toString()).live();
        assertThat(live.get()).isEqualTo("first");
        Files.writeString(f, "rotated\n");
        assertThat(live.get()).isEqualTo("rotated");
        Files.delete(f);
        assertThat(live.get()).as("an unreadable file keeps the last good token").isEqualTo("rotated");
        assertThat(resolve(Map.of(), "--token", "fixed").live().get()).isEqualTo("fixed");
    }

    @Test
    void aLocalAgentsTokenFileIsReadBeforePrompting() throws Exception {
        agentToken("local");
        assertThat(resolve(Map.of()).token()).isEqualTo("local");
        assertThat(resolve(Map.of(), "10.0.0.5:7700").from()).isEqualTo("the prompt");
    }

    @Test
    void theStateDirFollowsXdgOrTheFlag() throws Exception {
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("zpm"));
        Files.writeString(xdg.resolve("zpm/token"), "xdg-token");
        assertThat(resolve(Map.of("XDG_STATE_HOME", xdg.toString())).token()).isEqualTo("xdg-token");
        assertThat(resolve(Map.of("XDG_STATE_HOME", "relative/ignored")).from()).isEqualTo("the prompt");
        assertThat(resolve(Map.of(), "--state-dir", xdg.resolve("zpm").toString()).token()).isEqualTo("xdg-token");
    }

    @Test
    void withoutAPromptThereMayBeNoToken() {
        TokenSource none = TokenSource.resolve(Options.parse(new String[] {"10.0.0.5:1"}), Map.of(), home.toString(), null);
        assertThat(none).isEqualTo(new TokenSource(null, "nowhere"));
    }

    @Test
    void aMissingTokenFileGivenByFlagIsAUsageError() {
        assertThatThrownBy(() -> resolve(Map.of(), "--token-file", home.resolve("nope").toString()))
                .isInstanceOf(UsageException.class).hasMessageStartingWith("no token file ");
    }
}
