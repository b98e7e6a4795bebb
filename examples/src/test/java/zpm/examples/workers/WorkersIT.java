package zpm.examples.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The small fixtures (ticker, flaky, stubborn) behave as the agent's tests expect. */
class WorkersIT {

    private static final Duration EXIT = Duration.ofSeconds(15);

    private final List<WorkerProcess> started = new ArrayList<>();
    private final List<Long> strayPids = new ArrayList<>();

    @AfterEach
    void killEverythingStarted() throws Exception {
        for (WorkerProcess p : started) {
            p.close();
        }
        strayPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void tickerTicksThenSaysByeAndExitsZeroOnSigterm() throws Exception {
        WorkerProcess ticker = start("TickerWorker", "--every-ms", "20");
        ticker.awaitLineStartingWith("hello worker id=7 slot=0 pid=" + ticker.process().pid());
        ticker.awaitLineStartingWith("tick 2 from worker 7");
        ticker.sigterm();
        assertThat(ticker.awaitExit(EXIT)).isZero();
        assertThat(ticker.awaitLineStartingWith("bye from worker 7")).isNotNull();
    }

    @Test
    void flakyExitsWithItsCodeAfterItsLifetime() throws Exception {
        WorkerProcess flaky = start("FlakyWorker", "--min-ms", "50", "--max-ms", "150", "--code", "3");
        flaky.awaitLineStartingWith("flaky worker 7: will exit with code 3 in ");
        assertThat(flaky.awaitExit(EXIT)).isEqualTo(3);
    }

    @Test
    void flakyCrashAtStartExitsAtOnceWithCodeOne() throws Exception {
        assertThat(start("FlakyWorker", "--crash-at-start").awaitExit(EXIT)).isEqualTo(1);
    }

    @Test
    void stubbornIgnoresSigtermAndItsChildOutlivesAKillOfTheWorkerAlone() throws Exception {
        WorkerProcess stubborn = start("StubbornWorker", "--child");
        long child = Long.parseLong(stubborn.awaitLineStartingWith("child pid=").substring("child pid=".length()));
        strayPids.add(child);
        stubborn.awaitLineStartingWith("hello worker id=7 ");

        stubborn.sigterm();
        stubborn.awaitLineStartingWith("got SIGTERM, ignoring it");
        assertThat(stubborn.process().isAlive()).isTrue();

        // SIGKILL of the worker's pid alone leaves the child running: why the agent kills trees.
        stubborn.process().destroyForcibly();
        assertThat(stubborn.awaitExit(EXIT)).isEqualTo(137);
        Optional<ProcessHandle> orphan = ProcessHandle.of(child);
        assertThat(orphan).isPresent();
        assertThat(orphan.get().isAlive()).isTrue();
    }

    @Test
    void unknownFlagIsAUsageErrorWithExitCodeTwo() throws Exception {
        WorkerProcess ticker = start("TickerWorker", "--every", "5");
        assertThat(ticker.awaitExit(EXIT)).isEqualTo(2);
        assertThat(ticker.awaitLineStartingWith("unknown argument: --every")).isNotNull();
    }

    private WorkerProcess start(String main, String... args) throws Exception {
        WorkerProcess p = WorkerProcess.start(main, WorkerProcess.workerEnv(7, 0), args);
        started.add(p);
        return p;
    }
}
