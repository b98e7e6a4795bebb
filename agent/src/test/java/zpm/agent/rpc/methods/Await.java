package zpm.agent.rpc.methods;

import zpm.agent.core.Target;
import zpm.agent.core.WorkerState;
import zpm.agent.local.Agent;

import java.time.Duration;
import java.util.function.Supplier;

/** Condition waits with generous deadlines for these tests. */
final class Await {

    private Await() {
    }

    static <T> T until(String what, Duration deadline, Supplier<T> probe) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T v = probe.get();
            if (v != null && !Boolean.FALSE.equals(v)) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    static <T> T until(String what, Supplier<T> probe) {
        return until(what, Duration.ofSeconds(30), probe);
    }

    static void online(Agent agent, int n) {
        until(n + " workers online", () -> Agent.await(agent.status(Target.ALL), 10).stream()
                .filter(w -> w.state() == WorkerState.ONLINE).count() == n);
    }
}
