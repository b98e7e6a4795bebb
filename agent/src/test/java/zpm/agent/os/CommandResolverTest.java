package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {

    @TempDir
    Path dir;
    Path bin;
    Path tool;
    Path data;

    @BeforeEach
    void files() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = Files.writeString(bin.resolve("data"), "not a program");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void bareNameIsFoundOnThePathGiven() {
        var r = CommandResolver.resolve("tool", null, "/nonexistent:" + bin);

        assertThat(r.found()).isTrue();
        assertThat(r.path()).isEqualTo(tool);
    }

    @Test
    void bareNameMissingFromPathNamesCommandAndPath() {
        var r = CommandResolver.resolve("no-such-zpm-tool", null, "/nonexistent:" + bin);

        assertThat(r.found()).isFalse();
        assertThat(r.error()).isEqualTo("command not found: no-such-zpm-tool (not on PATH=/nonexistent:" + bin + ")");
    }

    @Test
    void unsetPathMeansTheExecvpDefault() {
        assertThat(CommandResolver.resolve("sh", null, null).found()).isTrue();
        assertThat(CommandResolver.resolve("tool", null, null).error()).contains("PATH=/bin:/usr/bin");
    }

    @Test
    void emptyPathEntryIsTheWorkingDirectory() {
        var r = CommandResolver.resolve("tool", bin.toString(), "/nonexistent::");

        assertThat(r.path()).isEqualTo(tool);
    }

    @Test
    void fileWithoutExecuteBitOnPathIsReportedAsNotExecutable() {
        var r = CommandResolver.resolve("data", null, bin.toString());

        assertThat(r.found()).isFalse();
        assertThat(r.error()).startsWith("not executable: data");
    }

    @Test
    void relativePathResolvesAgainstTheWorkersCwd() {
        assertThat(CommandResolver.resolve("./bin/tool", dir.toString(), "").path()).isEqualTo(tool);
        assertThat(CommandResolver.resolve("bin/tool", dir.toString(), "").path()).isEqualTo(tool);
        assertThat(CommandResolver.resolve("./tool", dir.toString(), bin.toString()).error())
                .startsWith("command not found: ./tool (no such file: " + dir.resolve("tool"));
    }

    @Test
    void absolutePathMustExistAndBeExecutable() {
        assertThat(CommandResolver.resolve(tool.toString(), null, "").found()).isTrue();
        assertThat(CommandResolver.resolve(data.toString(), null, "").error()).startsWith("not executable: ");
        assertThat(CommandResolver.resolve(bin.toString(), null, "").error()).contains("is a directory");
        assertThat(CommandResolver.resolve(dir + "/missing", null, "").error())
                .startsWith("command not found: " + dir + "/missing");
    }

    @Test
    void emptyCommandIsAnError() {
        assertThat(CommandResolver.resolve("", null, "/bin").error()).isEqualTo("empty command");
    }
}
