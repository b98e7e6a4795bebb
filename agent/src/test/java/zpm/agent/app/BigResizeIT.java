package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.local.Agent;

/**
 * A resize to thousands of real workers leaves the agent answering: the core forks a batch per
 * turn of its event loop, so a status call waits for one batch, not for the whole resize. Before,
 * one resize held the loop until every fork was done (100,000 workers: 47-100 s, then out of memory).
 * The size is 500 so the suite stays fast (forks here run at about 50 a second); {@code -Dzpm.soak.resize=10000} runs the full limit.
 */
class BigResizeIT {

    private static final int SIZE = Integer.getInteger("zpm.soak.resize", 500);
    /** Generous on a shared 2-core machine; a blocked loop answered after tens of seconds. */
    private static final long STATUS_DEADLINE_MS = 3_000;

    @TempDir
    Path state;

    private final EventQueue events = new EventQueue();
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.quitBlocking(120);
        }
        events.killLeftovers();
    }

    @Test
    void statusIsAnsweredWhileThousandsOfWorkersAreForked() {
        agent = Agent.startBlocking(state, List.of());
        events.attach(agent);
        Agent.await(agent.addApp(AppSpec.of("many", 0, List.of("sleep", "100000"))), 30);
        var resized = agent.resize("many", SIZE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        long slowestMs = 0;
        int calls = 0;
        while (!resized.isComplete() && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            Agent.await(agent.status(Target.app("many")), 60);
            slowestMs = Math.max(slowestMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            calls++;
        }
        AppInfo app = Agent.await(resized, 1);
        assertThat(app.online()).isEqualTo(SIZE);
        assertThat(calls).as("status calls made during the resize").isPositive();
        assertThat(slowestMs).as("slowest status answer during the resize, ms").isLessThan(STATUS_DEADLINE_MS);
    }
}
