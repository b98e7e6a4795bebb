package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TreeKiller#killTree} racing a worker's own exit, on real processes. */
class TreeKillerIT {

    @Test
    void aWorkerReapedDuringTheTreeScanIsNeverSignalledAndItsSnapshotIsDropped() throws Exception {
        NativeSpawn.Child child = NativeSpawn.spawn("/bin/sleep", List.of("sleep", "30"), System.getenv(), null);
        // stands for what the scan found once the pid named another process: it must survive
        Process bystander = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            RunningWorker w = new RunningWorker(1, 0, "t", child.pid(),
                    ProcStat.startTimeOf(child.pid()).orElseThrow());

            TreeKiller.killTree(w, scanned -> {
                Kill.kill(scanned.pid, Kill.SIGKILL); // the worker dies on its own meanwhile...
                Await.until("worker is a zombie", () -> ProcStat.read(scanned.pid).map(ProcStat::zombie).orElse(true));
                scanned.reap(); // ...and the io thread reaps it before the scan ends
                return List.of(bystander.toHandle());
            });

            assertThat(w.descendants).as("snapshot dropped").isEmpty();
            assertThat(bystander.isAlive()).as("nothing found by the scan was killed").isTrue();
        } finally {
            bystander.destroyForcibly();
            NativeSpawn.closeAll(child.stdout(), child.stderr(), child.pidfd());
        }
    }
}
