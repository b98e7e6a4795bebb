package zpm.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {

    @TempDir
    Path tmp;

    private static SystemdUnit.Options options(boolean user, Path home, Path state) {
        return new SystemdUnit.Options(user, home, state, "/usr/lib/jvm/java-17", "127.0.0.1:7700", null);
    }

    @Test
    void systemUnitIsNotifyWithMixedKillAndMultiUserTarget() {
        String unit = SystemdUnit.unit(options(false, Path.of("/opt/zpm"), Path.of("/var/lib/zpm")));
        assertThat(unit).contains("Type=notify\n", "KillMode=mixed\n", "Restart=on-failure\n", "Delegate=yes\n",
                "Environment=\"JAVA_HOME=/usr/lib/jvm/java-17\"\n",
                "ExecStart=\"/opt/zpm/bin/zpm-agent\" \"--state-dir\" \"/var/lib/zpm\" \"--rpc\" \"127.0.0.1:7700\"\n",
                "WantedBy=multi-user.target\n", "After=network.target\n");
        assertThat(unit).doesNotContain("--daemon", "--http");
    }

    @Test
    void userUnitIsWantedByTheDefaultTarget() {
        String unit = SystemdUnit.unit(options(true, Path.of("/opt/zpm"), Path.of("/home/u/.local/state/zpm")));
        assertThat(unit).contains("WantedBy=default.target\n").doesNotContain("multi-user", "After=network.target");
        assertThat(SystemdUnit.lingerHint()).contains("loginctl enable-linger");
    }

    @Test
    void spacesQuotesDollarsAndPercentsAreQuotedForSystemd() {
        String unit = SystemdUnit.unit(options(false, Path.of("/opt/my zpm"), Path.of("/srv/st $HOME \"q\" 50%")));
        assertThat(unit).contains("ExecStart=\"/opt/my zpm/bin/zpm-agent\" \"--state-dir\" \"/srv/st $$HOME \\\"q\\\" 50%%\"");
        assertThat(SystemdUnit.quote("a\\b", true)).isEqualTo("\"a\\\\b\"");
        assertThat(SystemdUnit.quote("JAVA_HOME=/x $y", false)).isEqualTo("\"JAVA_HOME=/x $y\"");
    }

    @Test
    void aNewlineInAPathIsRefusedWithTheReason() {
        assertThatThrownBy(() -> SystemdUnit.unit(options(false, Path.of("/opt/a\nb"), Path.of("/var/lib/zpm"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character")
                .hasMessageContaining("systemd unit");
    }

    @Test
    void installWritesTheUnitUnderTheGivenRootThenReloadsAndEnables() throws IOException {
        SystemdUnit.Options o = options(false, Path.of("/opt/zpm"), Path.of("/var/lib/zpm"));
        List<List<String>> calls = new ArrayList<>();
        Path file = installUnder(o, "root/etc/systemd/system/zpm.service", calls);
        assertThat(Files.readString(file)).isEqualTo(SystemdUnit.unit(o));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        assertThat(calls).containsExactly(List.of("systemctl", "daemon-reload"), List.of("systemctl", "enable", "zpm.service"));
    }

    @Test
    void userInstallGoesUnderTheHomeAndUninstallRemovesIt() throws IOException {
        SystemdUnit.Options o = options(true, Path.of("/opt/zpm"), Path.of("/s"));
        List<List<String>> calls = new ArrayList<>();
        Path file = installUnder(o, "home/.config/systemd/user/zpm.service", calls);
        assertThat(SystemdUnit.uninstall(o, file, calls::add)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(calls).containsExactly(List.of("systemctl", "--user", "daemon-reload"),
                List.of("systemctl", "--user", "enable", "zpm.service"), List.of("systemctl", "--user", "disable", "zpm.service"),
                List.of("systemctl", "--user", "daemon-reload"));
        calls.clear();
        assertThat(SystemdUnit.uninstall(o, file, calls::add)).isFalse();
        assertThat(calls).isEmpty();
    }

    /** Installs into the temp root and home (never the machine's), checking the file lands at {@code expected}. */
    private Path installUnder(SystemdUnit.Options o, String expected, List<List<String>> calls) throws IOException {
        Path file = SystemdUnit.unitFile(o, tmp.resolve("root"), tmp.resolve("home"));
        assertThat(file).isEqualTo(tmp.resolve(expected));
        SystemdUnit.install(o, file, calls::add);
        return file;
    }
}
