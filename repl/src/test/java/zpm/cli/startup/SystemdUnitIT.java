package zpm.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit as systemd itself reads it: {@code systemd-analyze verify} parses the file, checks every
 * key and that ExecStart's first word names an executable (so a path with a space that was split
 * fails). Run on a directory with spaces in its name; never installs anything.
 */
class SystemdUnitIT {

    @TempDir
    Path tmp;

    private Path home;

    @BeforeEach
    void fakeInstall() throws IOException {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here (a systemd package provides it)");
        home = tmp.resolve("zpm home 100%");
        Path agent = Files.createDirectories(home.resolve("bin")).resolve("zpm-agent");
        Files.writeString(agent, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void systemUnitPassesSystemdAnalyzeVerify() throws Exception {
        SystemdUnit.Options o = new SystemdUnit.Options(false, home, tmp.resolve("state $dir"), System.getProperty("java.home"),
                "127.0.0.1:7700", "127.0.0.1:7701");
        assertThat(verify(o, List.of())).isEmpty();
    }

    @Test
    void userUnitPassesSystemdAnalyzeVerify() throws Exception {
        // systemd-analyze --user needs a user runtime directory; a private one stands in for a login session's.
        Path runtime = Files.createDirectory(tmp.resolve("runtime"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        SystemdUnit.Options o = new SystemdUnit.Options(true, home, tmp.resolve("state"), null, "127.0.0.1:0", "127.0.0.1:0");
        assertThat(verify(o, List.of("XDG_RUNTIME_DIR=" + runtime))).isEmpty();
    }

    @Test
    void aMissingAgentLauncherIsWhatVerifyReports() throws Exception {
        SystemdUnit.Options o = new SystemdUnit.Options(false, tmp.resolve("no such home"), tmp.resolve("s"), null, null, null);
        assertThat(verify(o, List.of())).contains("no such home/bin/zpm-agent").contains("not executable");
    }

    /** What systemd-analyze said about the unit: empty when it found nothing wrong and exited 0. */
    private String verify(SystemdUnit.Options o, List<String> env) throws Exception {
        Path unit = tmp.resolve("zpm.service");
        Files.writeString(unit, SystemdUnit.unit(o));
        List<String> cmd = new ArrayList<>(List.of("systemd-analyze"));
        if (o.user()) {
            cmd.add("--user");
        }
        cmd.addAll(List.of("verify", "--man=no", unit.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String kv : env) {
            pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("systemd-analyze ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
