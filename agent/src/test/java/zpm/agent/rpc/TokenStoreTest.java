package zpm.agent.rpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.config.AgentSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenStoreTest {

    @TempDir
    Path dir;

    private AgentSettings settings(Path tokenFile) {
        return new AgentSettings(null, null, dir.resolve("state"), tokenFile, null);
    }

    @Test
    void firstStartCreatesBothTokensOwnerOnlyAndTheNextStartReadsThem() throws IOException {
        TokenStore first = TokenStore.loadBlocking(settings(null));
        assertThat(first.createdFullToken()).isTrue();
        assertThat(first.tokenFile()).isEqualTo(dir.resolve("state/token"));
        assertThat(first.readOnlyTokenFile()).isEqualTo(dir.resolve("state/token.readonly"));
        for (Path f : new Path[] {first.tokenFile(), first.readOnlyTokenFile()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            assertThat(Files.readString(f).strip()).matches("[0-9a-f]{64}");
        }
        String full = Files.readString(first.tokenFile()).strip();
        String readOnly = Files.readString(first.readOnlyTokenFile()).strip();
        assertThat(full).isNotEqualTo(readOnly);

        TokenStore second = TokenStore.loadBlocking(settings(null));
        assertThat(second.createdFullToken()).isFalse();
        assertThat(second.check(full)).isEqualTo(Access.FULL);
        assertThat(second.check(readOnly)).isEqualTo(Access.READ_ONLY);
    }

    @Test
    void wrongEmptyNullAndPrefixTokensAreDenied() throws IOException {
        TokenStore store = TokenStore.loadBlocking(settings(null));
        String full = Files.readString(store.tokenFile()).strip();
        assertThat(store.check(null)).isEqualTo(Access.DENIED);
        assertThat(store.check("")).isEqualTo(Access.DENIED);
        assertThat(store.check(full.substring(0, 63))).isEqualTo(Access.DENIED);
        assertThat(store.check(full + "0")).isEqualTo(Access.DENIED);
        assertThat(store.check(full.toUpperCase())).isEqualTo(Access.DENIED);
    }

    @Test
    void aGivenTokenFileIsUsedAsItIsAndAnEmptyOneIsRefused() throws IOException {
        Path given = dir.resolve("my-token");
        Files.writeString(given, "  s3cret-token\n");
        TokenStore store = TokenStore.loadBlocking(settings(given));
        assertThat(store.createdFullToken()).isFalse();
        assertThat(store.tokenFile()).isEqualTo(given);
        assertThat(store.check("s3cret-token")).isEqualTo(Access.FULL);

        Files.writeString(given, "\n");
        assertThatThrownBy(() -> TokenStore.loadBlocking(settings(given)))
                .hasMessageContaining("is empty").hasMessageContaining(given.toString());
    }
}
