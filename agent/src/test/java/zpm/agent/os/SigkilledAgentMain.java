package zpm.agent.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.ProcessFacts;
import zpm.agent.core.SpawnRequest;

/**
 * A stand-in agent for {@code AgentSigkillIT}, run in its own JVM: spawns three workers through
 * OsLauncher and PidRegistry, prints their pids and the grandchild's, then waits to be SIGKILLed.
 * Protocol on stdout: "ZPM-TEST worker ID PID", "ZPM-TEST grandchild PID", "ZPM-TEST ready".
 */
public final class SigkilledAgentMain {

    private SigkilledAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        Map<Long, Long> pids = new ConcurrentHashMap<>();
        CountDownLatch spawned = new CountDownLatch(3);
        ProcessFacts facts = new ProcessFacts() {
            @Override
            public void spawned(long workerId, long pid) {
                pids.put(workerId, pid);
                spawned.countDown();
            }

            @Override
            public void spawnFailed(long workerId, String error) {
                System.out.println("ZPM-TEST failed " + workerId + " " + error);
            }

            @Override
            public void exited(long workerId, ExitStatus status) {
                System.out.println("ZPM-TEST exited " + workerId + " " + status);
            }

            @Override
            public void ready(long workerId) {
            }

            @Override
            public void probeFailed(long workerId, String kind, String error, boolean fatal) {
            }
        };
        PidRegistry registry = new PidRegistry(stateDir);
        OsLauncher launcher = new OsLauncher(facts, Runnable::run, new WorkerLogs(), registry);
        launcher.spawn(new SpawnRequest(1, "a", 0, List.of("sleep", "1000"), null, Map.of()));
        launcher.spawn(new SpawnRequest(2, "a", 1, List.of("sleep", "1000"), null, Map.of()));
        launcher.spawn(new SpawnRequest(3, "b", 0, List.of("sh", "-c", "sleep 1000 & wait"), null, Map.of()));
        spawned.await();
        pids.forEach((id, pid) -> System.out.println("ZPM-TEST worker " + id + " " + pid));
        long grandchild = awaitChild(pids.get(3L));
        System.out.println("ZPM-TEST grandchild " + grandchild);
        registry.flushBlocking();
        System.out.println("ZPM-TEST ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static long awaitChild(long pid) throws InterruptedException {
        while (true) {
            List<Long> children = Pids.childrenOf(pid);
            if (!children.isEmpty()) {
                return children.get(0);
            }
            Thread.sleep(10);
        }
    }
}
