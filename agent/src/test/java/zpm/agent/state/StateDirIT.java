package zpm.agent.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.local.Agent;
import zpm.agent.os.PidRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The state directory of an embedded agent: locked, checked as ssh checks keys, its files private. */
class StateDirIT {

    @TempDir
    Path tmp;

    private Path privateDir(String name) throws IOException {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        return d;
    }

    private static List<AppSpec> sleeper() {
        return List.of(AppSpec.of("web", 1, List.of("sleep", "100000")));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aSecondEmbeddedAgentOnTheSameDirIsRefusedUntilTheFirstQuits() throws Exception {
        Path state = privateDir("state");
        Agent first = Agent.startBlocking(state, sleeper());
        try {
            assertThatThrownBy(() -> Agent.startBlocking(state, List.of()))
                    .isInstanceOf(StateDirLock.StateDirBusyException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(state.resolve("control.sock")).exists();
            assertThat(Agent.await(first.apps(), 10)).hasSize(1);
            assertThat(otherJvmOn(state)).as("the refusal kept the lock").contains("in use by another agent");
        } finally {
            first.quitBlocking(60);
        }
        Agent next = Agent.startBlocking(state, List.of());
        next.quitBlocking(60);
    }

    /** Another agent JVM on the directory: what it printed, once it exited. */
    private String otherJvmOn(Path state) throws Exception {
        Path err = tmp.resolve("other.err");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), "zpm.agent.app.Main", "--state-dir", state.toString(),
                "--rpc", "127.0.0.1:0", "--http", "127.0.0.1:0").redirectErrorStream(true).redirectOutput(err.toFile())
                .start();
        try {
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("the other agent exits").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            return Files.readString(err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aDirectoryOthersCanWriteIsRefusedBeforeAnythingIsWrittenInIt() throws Exception {
        Path state = privateDir("shared");
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> Agent.startBlocking(state, List.of()))
                .isInstanceOf(StateDirTrust.UntrustedStateDirException.class)
                .hasMessageContaining(state + " is writable by every user").hasMessageContaining("chmod go-w " + state);
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aGroupWritableFileInTheDirectoryIsRefused() throws Exception {
        Path state = privateDir("state");
        Path apps = Files.writeString(state.resolve("apps.json"), "{\"apps\": []}");
        Files.setPosixFilePermissions(apps, PosixFilePermissions.fromString("rw-rw----"));

        assertThat(StateDirTrust.problemsBlocking(state)).singleElement().asString()
                .contains(apps + " is writable by its group").contains("chmod go-w " + apps);
    }

    @Test
    void aParentOthersCanWriteIsRefusedUnlessItIsSticky() throws Exception {
        Path parent = privateDir("parent");
        Path state = privateDir("parent/state");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(StateDirTrust.problemsBlocking(state)).singleElement().asString().contains(parent + " is writable");

        Files.setAttribute(parent, "unix:mode", 01777); // as /tmp: no one can rename what is not theirs
        assertThat(StateDirTrust.problemsBlocking(state)).isEmpty();
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        assumeThat((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).as("needs root to chown").isZero();
        Path state = privateDir("theirs");
        Files.setAttribute(state, "unix:uid", 65534);

        assertThatThrownBy(() -> StateDirTrust.checkBlocking(state))
                .hasMessageContaining(state + " is owned by uid 65534").hasMessageContaining("chown 0 " + state);
    }

    @Test
    void stateFilesAreWrittenPrivate() throws Exception {
        Path state = privateDir("state");
        Agent agent = Agent.startBlocking(state, sleeper());
        try {
            RuntimeApps kept = RuntimeApps.loadBlocking(agent.vertx(), state, agent.stateDirHealth());
            Agent.await(kept.put("x", new ObjectMapper().readTree("{\"name\": \"x\"}"), true), 10);
            assertThat(mode(state.resolve(RuntimeApps.FILE_NAME))).isEqualTo("rw-------");
            assertThat(mode(state.resolve(StateDirLock.FILE_NAME))).isEqualTo("rw-------");
        } finally {
            agent.quitBlocking(60); // writes pids.json one last time
        }
        assertThat(mode(state.resolve(PidRegistry.FILE_NAME))).isEqualTo("rw-------");
    }

    @Test
    void aCorruptPidsFileIsSetAsideAndReported() throws Exception {
        Path state = privateDir("state");
        Files.writeString(state.resolve(PidRegistry.FILE_NAME), "{\"workers\": [");
        Agent agent = Agent.startBlocking(state, sleeper());
        try {
            assertThat(agent.stateDirProblemsBlocking()).singleElement().asString()
                    .contains(state.resolve(PidRegistry.FILE_NAME) + " is corrupt").contains("pids.json.corrupt-");
            try (Stream<Path> files = Files.list(state)) {
                Path aside = files.filter(p -> p.getFileName().toString().startsWith("pids.json.corrupt-"))
                        .findFirst().orElseThrow();
                assertThat(Files.readString(aside)).isEqualTo("{\"workers\": [");
            }
        } finally {
            agent.quitBlocking(60);
        }
    }
}
