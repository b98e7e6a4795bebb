package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidRegistryIT {

    @TempDir
    Path stateDir;

    private final Pids pids = new Pids();

    @AfterEach
    void cleanUp() {
        pids.killAll();
    }

    /** A sleep in its own session (as a worker is), tracked for cleanup. */
    private ProcStat startSleep() throws IOException {
        Process p = new ProcessBuilder("setsid", "sleep", "1000").start();
        pids.track(p.pid());
        Await.until("sleep running", () -> ProcStat.read(p.pid()).map(s -> s.comm().equals("sleep")).orElse(false));
        return ProcStat.read(p.pid()).orElseThrow();
    }

    private void record(ProcStat s, long startTime) throws IOException {
        record(s, startTime, List.of("sleep", "1000"));
    }

    /** As the launcher records a worker: its pid, group, start time and the argv it was given. */
    private void record(ProcStat s, long startTime, List<String> command) throws IOException {
        try (PidRegistry registry = new PidRegistry(stateDir)) {
            registry.added(new PidRegistry.Entry(7, "web", s.pid(), s.pgrp(), startTime, command));
        }
    }

    @Test
    void aPlantedRecordWithTheRightStartTimeButAnotherCommandIsNotEnded() throws IOException {
        ProcStat unrelated = startSleep();
        record(unrelated, unrelated.startTime(), List.of("java", "-jar", "web.jar"));

        assertThat(PidRegistry.findStale(stateDir)).isEmpty();
        assertThat(PidRegistry.endStale(stateDir)).isZero();

        assertThat(ProcStat.isRunning(unrelated.pid(), unrelated.startTime())).isTrue();
    }

    @Test
    void aRecordWithoutACommandFromAnOlderAgentEndsNothing() throws IOException {
        ProcStat unrelated = startSleep();
        record(unrelated, unrelated.startTime(), List.of());

        assertThat(PidRegistry.endStale(stateDir)).isZero();
        assertThat(ProcStat.isRunning(unrelated.pid(), unrelated.startTime())).isTrue();
    }

    @Test
    void theFileIsWrittenPrivateWithTheCommand() throws IOException {
        ProcStat sleep = startSleep();
        record(sleep, sleep.startTime());

        Path file = stateDir.resolve(PidRegistry.FILE_NAME);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PidRegistry.readBlocking(stateDir).workers().get(0).command()).containsExactly("sleep", "1000");
    }

    @Test
    void samePidWithADifferentStartTimeIsNotTouched() throws IOException {
        ProcStat sleep = startSleep();
        record(sleep, sleep.startTime() - 1);

        assertThat(PidRegistry.findStale(stateDir)).isEmpty();
        assertThat(PidRegistry.endStale(stateDir)).isZero();

        assertThat(ProcStat.isRunning(sleep.pid(), sleep.startTime())).isTrue();
        assertThat(stateDir.resolve(PidRegistry.FILE_NAME)).doesNotExist();
    }

    @Test
    void recordedWorkerStillRunningIsEnded() throws IOException {
        ProcStat sleep = startSleep();
        record(sleep, sleep.startTime());

        assertThat(PidRegistry.findStale(stateDir)).extracting(StaleProcess::pid, StaleProcess::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(sleep.pid(), "worker"));
        assertThat(PidRegistry.endStale(stateDir)).isEqualTo(1);

        Await.until("sleep ended", () -> !ProcStat.isRunning(sleep.pid(), sleep.startTime()));
    }

    @Test
    void filesOfARunningAgentAreLeftAlone() throws IOException {
        ProcStat sleep = startSleep();
        ProcStat otherAgent = startSleep();
        Files.writeString(stateDir.resolve(PidRegistry.FILE_NAME), """
                {"agentPid": %d, "agentStartTime": %d,
                 "workers": [{"workerId": 1, "app": "web", "pid": %d, "pgid": %d, "startTime": %d}]}
                """.formatted(otherAgent.pid(), otherAgent.startTime(), sleep.pid(), sleep.pgrp(),
                sleep.startTime()));

        assertThat(PidRegistry.endStale(stateDir)).isZero();

        assertThat(ProcStat.isRunning(sleep.pid(), sleep.startTime())).isTrue();
        assertThat(stateDir.resolve(PidRegistry.FILE_NAME)).exists();
    }

    @Test
    void burstOfChangesIsWrittenOffThreadAndFlushedOnClose() throws IOException {
        PidRegistry registry = new PidRegistry(stateDir);
        for (int i = 1; i <= 100; i++) {
            registry.added(new PidRegistry.Entry(i, "web", 100_000 + i, 100_000 + i, 5));
        }
        Await.until("written", () -> Files.exists(stateDir.resolve(PidRegistry.FILE_NAME)) && readCount() == 100);

        registry.removed(1);
        registry.close();

        assertThat(readCount()).isEqualTo(99);
        assertThat(stateDir.resolve(PidRegistry.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void missingFileMeansNothingStale() throws IOException {
        assertThat(PidRegistry.findStale(stateDir)).isEmpty();
        assertThat(PidRegistry.endStale(stateDir)).isZero();
    }

    private int readCount() {
        try {
            return PidRegistry.readBlocking(stateDir).workers().size();
        } catch (IOException e) {
            return -1;
        }
    }
}
