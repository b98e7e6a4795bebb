package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;
import zpm.agent.rpc.RawClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers printing as fast as they can ({@code yes}, and 1 MiB lines) beside a quiet worker, on a
 * real agent: every quiet line reaches a {@code logs} follower, in order, and {@code status} is
 * answered within 5 s every time while the floods run. {@code -Dzpm.soak.quietLines} (default
 * 30, one every 0.1 s) sets how long the floods are held.
 */
class WorkerFloodIT {

    static final int QUIET_LINES = Integer.getInteger("zpm.soak.quietLines", 30);
    static final Duration STATUS_DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private AgentProcess agent;
    private final ExecutorService poller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        poller.shutdownNow();
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void quietLinesAllArriveInOrderAndStatusIsAnsweredWhileWorkersFlood() throws Exception {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: yes
                    command: ["yes", "a line from a worker that writes as fast as it can"]
                    size: 2
                  - name: megabytes
                    command: [sh, -c, "while :; do head -c 1048575 /dev/zero | tr '\\\\0' x; echo; done"]
                  - name: quiet
                    command: [sh, -c, "while [ ! -e %s ]; do sleep 0.05; done; i=0; while [ $i -lt %d ]; do i=$((i+1)); echo quiet-$i; sleep 0.1; done; exec sleep 100000"]
                """.formatted(dir.resolve("go"), QUIET_LINES));
        agent = AgentProcess.start(dir, config);
        agent.awaitWorkers("yes", 2);
        agent.awaitWorkers("megabytes", 1);
        String token = agent.token();
        RawClient control = RawClient.connect(agent.rpcPort());
        RawClient follower = RawClient.connect(agent.rpcPort());
        control.auth(token);
        follower.auth(token);
        follower.result("logs", "{\"target\":\"quiet\",\"lines\":0,\"follow\":true}");
        AtomicBoolean done = new AtomicBoolean();
        Future<Long> slowest = poller.submit(() -> slowestStatus(control, done));

        Files.createFile(dir.resolve("go")); // the quiet worker starts printing once it is followed
        List<String> quiet = readQuietLines(follower);
        done.set(true);

        assertThat(quiet).containsExactlyElementsOf(IntStream.rangeClosed(1, QUIET_LINES).mapToObj(i -> "quiet-" + i).toList());
        long ms = slowest.get(STATUS_DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);
        System.out.printf("WorkerFloodIT: %d quiet lines followed beside 2 yes and 1 MiB-line floods; slowest status %d ms%n",
                QUIET_LINES, ms);
        assertThat(ms).as("ms to answer status during the floods").isLessThan(STATUS_DEADLINE.toMillis());
        assertThat(agent.process.isAlive()).isTrue();
    }

    /** The quiet worker's followed lines, up to its last one. */
    private List<String> readQuietLines(RawClient follower) {
        List<String> quiet = new ArrayList<>();
        String last = "quiet-" + QUIET_LINES;
        while (!quiet.contains(last)) {
            JsonNode n = follower.read();
            assertThat(n).as("a log notification (the follower's connection is open)").isNotNull();
            if ("log".equals(n.path("method").asText())) {
                quiet.add(n.path("params").path("line").path("text").asText());
            }
        }
        return quiet;
    }

    private static long slowestStatus(RawClient control, AtomicBoolean done) {
        long slowest = 0;
        while (!done.get()) {
            long start = System.nanoTime();
            assertThat(control.result("status", null).path("workers")).hasSize(4);
            slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }
        return slowest;
    }
}
