package zpm.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** agent.json is trusted only when its pid is alive and owns the state directory's lock. */
class AgentFileTest {

    @TempDir
    Path dir;

    private void write(long pid, String lockOwner, long startedAtMs) throws Exception {
        Files.writeString(dir.resolve("agent.json"), "{\"pid\": " + pid + ", \"rpc\": \"127.0.0.1:7799\", \"http\": null,"
                + " \"version\": \"0.1.0-SNAPSHOT\", \"startedAtMs\": " + startedAtMs + ", \"config\": null}");
        Files.writeString(dir.resolve("lock"), lockOwner + "\n");
    }

    @Test
    void aLiveOwnerOfTheLockIsTheAgent() throws Exception {
        long me = ProcessHandle.current().pid();
        write(me, Long.toString(me), System.currentTimeMillis());
        AgentFile f = AgentFile.live(dir).orElseThrow();
        assertThat(f.rpc()).isEqualTo("127.0.0.1:7799");
        assertThat(f.http()).isNull();
        assertThat(f.pid()).isEqualTo(me);
    }

    @Test
    void aDeadPidIsNoAgent() throws Exception {
        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        write(pid, Long.toString(pid), System.currentTimeMillis());
        assertThat(AgentFile.live(dir)).isEmpty();
    }

    @Test
    void aLockHeldByAnotherPidIsNoAgent() throws Exception {
        long me = ProcessHandle.current().pid();
        write(me, "1", System.currentTimeMillis());
        assertThat(AgentFile.live(dir)).isEmpty();
    }

    @Test
    void aPidReusedByAProcessStartedAfterTheFileIsNoAgent() throws Exception {
        long me = ProcessHandle.current().pid();
        write(me, Long.toString(me), 1_000L); // "started" in 1970: this JVM came later
        assertThat(AgentFile.live(dir)).isEmpty();
    }

    @Test
    void noFileOrAHalfWrittenOneIsNoAgent() throws Exception {
        assertThat(AgentFile.live(dir)).isEmpty();
        Files.writeString(dir.resolve("agent.json"), "{\"pid\": 12");
        assertThat(AgentFile.live(dir)).isEmpty();
    }
}
