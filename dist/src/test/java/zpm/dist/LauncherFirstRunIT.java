package zpm.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first run of {@code bin/zpm-agent} in a checkout without jars: it says what it builds, shows
 * Maven's progress (one line per module), asks Maven for no colours and passes no escape code on.
 * Maven is a stand-in on PATH that records its arguments and prints what Maven prints (with a
 * colour code when asked for colours), so nothing is built here and nothing real is touched.
 */
class LauncherFirstRunIT {

    @TempDir
    Path tmp;

    @Test
    void theFirstRunSaysWhatItBuildsAndShowsProgressWithoutEscapeCodes() throws Exception {
        Path checkout = Path.of(System.getProperty("zpm.checkout", ".."));
        Path root = Files.createDirectories(tmp.resolve("clone/bin"));
        Files.copy(checkout.resolve("bin/zpm-agent"), root.resolve("zpm-agent"));
        Files.copy(checkout.resolve("bin/.build-checkout"), root.resolve(".build-checkout"));
        Files.writeString(root.resolveSibling("pom.xml"), "<project/>\n");
        Path path = Shell.pathWith(tmp.resolve("path"), Path.of(System.getProperty("java.home"), "bin", "java"), "bash",
                "env", "readlink", "dirname", "mktemp", "tee", "sed", "tail", "rm", "cat");
        Path mvn = path.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"$@\" > \"" + tmp.resolve("mvn.args") + "\"\n"
                + "case \"$*\" in *style.color=never*) esc='' ;; *) esc=$(printf '\\033[1m') ;; esac\n"
                + "echo \"${esc}[INFO] Scanning for projects...\"\n"
                + "echo '[INFO] Building zpm protocol 0.1.0-SNAPSHOT                         [2/5]'\n"
                + "echo '[INFO] Building jar: /x/zpm-protocol.jar'\n"
                + "echo '[INFO] Building zpm agent 0.1.0-SNAPSHOT                            [3/5]'\n"
                + "echo '[ERROR] COMPILATION ERROR : Foo.java:[1,1] something is wrong'\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        Shell.Result r = Shell.run(tmp, Map.of("PATH", path.toString(), "HOME", tmp.toString(), "TMPDIR", tmp.toString()),
                List.of(root.resolve("zpm-agent").toString(), "--version"));

        assertThat(Files.readString(tmp.resolve("mvn.args"))).contains("-B", "-Dstyle.color=never", "-DskipTests", "package")
                .doesNotContain("-q");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString())
                .contains("zpm-agent: first run in " + root.getParent() + ": building zpm with Maven (mvn -B -DskipTests package")
                .contains("\n  building zpm protocol 0.1.0-SNAPSHOT [2/5]\n  building zpm agent 0.1.0-SNAPSHOT [3/5]\n")
                .contains("[ERROR] COMPILATION ERROR : Foo.java:[1,1] something is wrong")
                .contains("zpm-agent: the build failed (exit 1); its whole output: " + tmp)
                .doesNotContain("\u001b");
        assertThat(r.out()).isEmpty();
        Shell.removePath(path);
    }
}
