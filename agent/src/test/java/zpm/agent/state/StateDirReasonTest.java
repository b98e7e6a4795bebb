package zpm.agent.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A state directory that cannot be made gets the OS's reason, with the file it concerns. */
class StateDirReasonTest {

    @TempDir
    Path dir;

    @Test
    void aPathUnderARegularFileSaysNotADirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("zpm.yaml"), "apps: []\n");
        Path state = file.resolve("state");
        IOException e = catchThrowableOfType(() -> StateDir.openBlocking(state), IOException.class);
        assertThat(e.getMessage()).startsWith("state dir " + state + " cannot be used: ")
                .contains("Not a directory").contains("--state-dir");
    }

    @Test
    void aMissingParentTheJdkLeavesUnexplainedSaysNoSuchFileOrDirectory() {
        Path state = Path.of("/proc/self/no-such-dir/state"); // mkdir under /proc: ENOENT, the JDK says only the path
        IOException e = catchThrowableOfType(() -> StateDir.openBlocking(state), IOException.class);
        assertThat(e.getMessage()).contains("/proc/self/no-such-dir: No such file or directory");
    }
}
