package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link TreeKiller#killTree}'s /proc scan and the worker's lock, with a scan that blocks on cue. */
class TreeKillerTest {

    /** Above PID_MAX_LIMIT (2^22): no process can have it, so every kill here is a harmless ESRCH. */
    private static final int NO_SUCH_PID = 4_194_305;

    private final RunningWorker worker = new RunningWorker(7, 0, "web", NO_SUCH_PID, 1234);

    @Test
    void signalDoesNotWaitForATreeScanInProgress() throws Exception {
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread killer = new Thread(() -> TreeKiller.killTree(worker, w -> {
            scanning.countDown();
            awaitQuietly(release);
            return List.of();
        }), "test-zpm-os");
        killer.start();
        try {
            scanning.await();

            // the event loop's path: with the scan holding the worker's lock this would hang
            // until the release below, which only comes after it returned
            boolean delivered = assertTimeoutPreemptively(Await.LONG, () -> worker.signal(15, false));

            assertThat(delivered).as("no such pid").isFalse();
        } finally {
            release.countDown();
            killer.join();
        }
    }

    @Test
    void theScanRunsWithoutTheWorkersLock() {
        AtomicBoolean lockedDuringScan = new AtomicBoolean(true);

        TreeKiller.killTree(worker, w -> {
            lockedDuringScan.set(Thread.holdsLock(w));
            return List.of();
        });

        assertThat(lockedDuringScan).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
