package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One chaos client of {@link ChaosIT}: random SIGKILLs of workers by pid, resizes, rolling
 * restarts and terminates of the app {@code chaos}, chosen by its own seeded {@link Random}.
 */
final class ChaosClient {

    /**
     * Errors that chaos makes legitimate: a worker id gone between status and the call (-32011),
     * a conflicting operation (-32012), a timeout (-32014), a replacement killed before it came
     * online (-32015). Anything else (-32603 above all) is a bug.
     */
    static final Set<Integer> EXPECTED = Set.of(-32011, -32012, -32014, -32015);
    static final int MIN_SIZE = 2;
    static final int MAX_SIZE = 10;
    private static final int OP_TIMEOUT_MS = 5_000;

    /** How many of each action ran, and the errors seen, by code. */
    static final class Counts {
        int kills;
        int resizes;
        int restarts;
        int terminates;
        final Map<Integer, Integer> errors = new TreeMap<>();

        void add(Counts other) {
            kills += other.kills;
            resizes += other.resizes;
            restarts += other.restarts;
            terminates += other.terminates;
            other.errors.forEach((code, n) -> errors.merge(code, n, Integer::sum));
        }

        @Override
        public String toString() {
            return kills + " kills, " + resizes + " resizes, " + restarts + " restarts, " + terminates
                    + " terminates, errors by code " + errors;
        }
    }

    final ZpmClient client;
    final Counts counts = new Counts();
    private final Random random;
    private final Set<Long> everListed;

    ChaosClient(ZpmClient client, Random random, Set<Long> everListed) {
        this.client = client;
        this.random = random;
        this.everListed = everListed;
    }

    /** Each action once, so that the baseline is taken with whatever they create lazily. */
    void warmUp(int size) {
        kill();
        counted(() -> client.call("resize", Map.of("app", "chaos", "size", size + 1, "timeout", OP_TIMEOUT_MS)));
        counted(() -> client.call("restart", Map.of("target", "chaos", "timeout", 30_000)));
        terminate();
        counted(() -> client.call("resize", Map.of("app", "chaos", "size", size, "timeout", OP_TIMEOUT_MS)));
    }

    void runUntil(long endNanos) {
        while (System.nanoTime() < endNanos) {
            int pick = random.nextInt(10);
            if (pick < 5) {
                kill();
            } else if (pick < 7) {
                counts.resizes++;
                int size = MIN_SIZE + random.nextInt(MAX_SIZE - MIN_SIZE + 1);
                counted(() -> client.call("resize", Map.of("app", "chaos", "size", size, "timeout", OP_TIMEOUT_MS)));
            } else if (pick < 9) {
                counts.restarts++;
                Object target = random.nextBoolean() ? "chaos" : someIds();
                counted(() -> client.call("restart", Map.of("target", target, "timeout", OP_TIMEOUT_MS)));
            } else {
                terminate();
            }
            // The pace of the workload (0 to 150 ms between actions), not a wait for a condition.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(150)));
        }
    }

    private void kill() {
        List<JsonNode> running = new ArrayList<>();
        workers().forEach(w -> {
            if (!w.path("pid").isNull()) {
                running.add(w);
            }
        });
        if (!running.isEmpty()) {
            long pid = running.get(random.nextInt(running.size())).path("pid").asLong();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            counts.kills++;
        }
    }

    private void terminate() {
        List<Long> ids = someIds();
        if (!ids.isEmpty()) {
            counts.terminates++;
            counted(() -> client.call("terminate", Map.of("target", ids.subList(0, 1), "timeout", OP_TIMEOUT_MS)));
        }
    }

    /** One or two ids of the app's current workers (empty when it has none). */
    private List<Long> someIds() {
        List<Long> ids = new ArrayList<>();
        workers().forEach(w -> ids.add(w.path("id").asLong()));
        java.util.Collections.shuffle(ids, random);
        return ids.isEmpty() ? ids : new ArrayList<>(ids.subList(0, Math.min(ids.size(), 1 + random.nextInt(2))));
    }

    /** The app's workers, each pid remembered so the test can check it is gone later. */
    private JsonNode workers() {
        JsonNode workers = client.call("status", Map.of("target", "chaos")).get("workers");
        workers.forEach(w -> {
            if (!w.path("pid").isNull()) {
                everListed.add(w.path("pid").asLong());
            }
        });
        return workers;
    }

    private void counted(Runnable call) {
        int code = tolerating(call);
        if (code != 0) {
            counts.errors.merge(code, 1, Integer::sum);
        }
    }

    /** Runs a call; returns 0, or the code of an error chaos makes legitimate; throws any other. */
    static int tolerating(Runnable call) {
        try {
            call.run();
            return 0;
        } catch (RpcException e) {
            if (!EXPECTED.contains(e.error().code())) {
                throw new AssertionError("unexpected error " + e.error().code() + ": " + e.error().message(), e);
            }
            return e.error().code();
        }
    }
}
