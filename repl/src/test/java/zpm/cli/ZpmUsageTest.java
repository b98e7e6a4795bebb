package zpm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** zpm's words without an agent: usage errors exit 2 with a message, and nothing starts. */
class ZpmUsageTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownVerbSuggestsTheNearestOne() {
        ZpmRun r = ZpmRun.run("--state-dir", dir.toString(), "lss");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("unknown verb \"lss\"").contains("did you mean ls?").contains("zpm help");
    }

    @Test
    void versionIsPrintedWithoutAnAgent() {
        ZpmRun r = ZpmRun.run("--state-dir", dir.toString(), "--version");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("zpm ");
        assertThat(dir.resolve("agent.json")).doesNotExist();
    }

    @Test
    void missingArgumentsAndUnknownOptionsAreUsageErrors() {
        assertThat(ZpmRun.run("start").code()).isEqualTo(2);
        ZpmRun scale = ZpmRun.run("scale", "web");
        assertThat(scale.code()).isEqualTo(2);
        assertThat(scale.err()).contains("N").contains("zpm help scale");
        ZpmRun bogus = ZpmRun.run("ls", "--bogus");
        assertThat(bogus.code()).isEqualTo(2);
        assertThat(bogus.err()).contains("--bogus");
        assertThat(ZpmRun.run("--rpc", "nonsense:port", "ls").code()).isEqualTo(2);
    }

    @Test
    void badValuesAreNamedBeforeAnyAgentIsAsked() {
        ZpmRun r = ZpmRun.run("--state-dir", dir.toString(), "start", "--restart", "sometimes", "--", "sleep", "1");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--restart must be one of always, on-failure, never (got sometimes)");
        ZpmRun missing = ZpmRun.run("--state-dir", dir.toString(), "start", dir.resolve("nope.js").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no file").contains("nope.js");
        assertThat(Files.exists(dir.resolve("agent.json"))).isFalse();
    }

    @Test
    void helpShowsEachVerbsOptions() {
        ZpmRun all = ZpmRun.run("help");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("start").contains("ls, list, status").contains("kill, kill-daemon")
                .contains("restart, reload").contains("Exit codes");
        ZpmRun start = ZpmRun.run("help", "start");
        assertThat(start.code()).isZero();
        assertThat(start.out()).contains("--instances").contains("--watch").contains("--readiness").contains("--json");
        assertThat(ZpmRun.run("logs", "--help").out()).contains("--follow");
        assertThat(ZpmRun.run("help", "nope").code()).isEqualTo(2);
    }

    @Test
    void killWithoutAnAgentSaysSoAndSucceeds() {
        ZpmRun r = ZpmRun.run("--state-dir", dir.toString(), "kill");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("no agent running on " + dir);
    }

    @Test
    void aScriptGetsTheInterpreterItsExtensionNames() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("node", "python3", "java", "sh")) {
            executable(bin.resolve(tool), "#!/bin/sh\n");
        }
        for (String f : List.of("app.js", "app.py", "app.jar", "app.sh")) {
            Files.writeString(dir.resolve(f), "");
        }
        String path = bin.toString();
        assertThat(ScriptCommand.command(List.of("app.js", "--x"), dir, path)).containsExactly("node", "app.js", "--x");
        assertThat(ScriptCommand.command(List.of("app.py"), dir, path)).containsExactly("python3", "app.py");
        assertThat(ScriptCommand.command(List.of("app.jar"), dir, path)).containsExactly("java", "-jar", "app.jar");
        assertThat(ScriptCommand.command(List.of("app.sh"), dir, path)).containsExactly("sh", "app.sh");
        executable(dir.resolve("run"), "#!/bin/sh\n");
        assertThat(ScriptCommand.command(List.of("run"), dir, path)).containsExactly("run");
        assertThat(ScriptCommand.command(List.of("node", "x"), dir, path)).containsExactly("node", "x");
        assertThat(ScriptCommand.defaultName(List.of("dist/server.js"))).isEqualTo("server");
    }

    @Test
    void whatCannotRunIsRefusedWithTheReason() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("app.js"), "");
        Files.writeString(dir.resolve("plain"), "");
        assertThatThrownBy(() -> ScriptCommand.command(List.of("app.js"), dir, empty.toString()))
                .hasMessageContaining("app.js needs node, which is not on PATH");
        assertThatThrownBy(() -> ScriptCommand.command(List.of("no-such-tool"), dir, empty.toString()))
                .hasMessageContaining("no file or command named no-such-tool");
        assertThatThrownBy(() -> ScriptCommand.command(List.of("plain"), dir, empty.toString()))
                .hasMessageContaining("is not executable");
    }

    @Test
    void theStateDirectoryComesFromTheFlagThenTheEnvironment() {
        Path home = dir.resolve("home");
        assertThat(Globals.of(null, null, null, Map.of(), home.toString(), dir).stateDir())
                .isEqualTo(home.resolve(".local/state/zpm"));
        assertThat(Globals.of(null, null, null, Map.of("ZPM_STATE_DIR", "/tmp/x"), home.toString(), dir).stateDir())
                .isEqualTo(Path.of("/tmp/x"));
        Globals flag = Globals.of("/tmp/y", null, null, Map.of("ZPM_STATE_DIR", "/tmp/x"), home.toString(), dir);
        assertThat(flag.stateDir()).isEqualTo(Path.of("/tmp/y"));
        assertThat(flag.defaultDir()).isFalse();
    }

    @Test
    void anAgentStartedForAnotherStateDirectoryGetsFreePorts() {
        Path home = Path.of("/opt/zpm");
        assertThat(AgentStarter.command(home, dir, false, null, null)).containsExactly("setsid", "/opt/zpm/bin/zpm-agent",
                "--daemon-child", "--state-dir", dir.toString(), "--rpc", "127.0.0.1:0", "--http", "127.0.0.1:0");
        assertThat(AgentStarter.command(home, dir, true, null, "127.0.0.1:9000")).endsWith("--rpc", "127.0.0.1:7700",
                "--http", "127.0.0.1:9000");
    }

    private static void executable(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
