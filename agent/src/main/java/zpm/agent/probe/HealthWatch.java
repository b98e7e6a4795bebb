package zpm.agent.probe;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import zpm.agent.os.TreeSampler;
import zpm.agent.vertx.ContextHop;

/**
 * The health of an online worker, until it fails or is stopped: its liveness check every
 * {@code intervalMs} (each attempt bounded by {@code timeoutMs}; {@code failureThreshold}
 * failures in a row fail it), and the RSS of its whole process tree against {@code maxMemoryMb}
 * every {@code memoryIntervalMs} (over the limit {@link #MEMORY_SAMPLES} times in a row fails
 * it: a short spike does not). Reports at most once. Lives on the probes' context.
 */
final class HealthWatch {

    /** Consecutive samples over the limit before the worker is replaced. */
    static final int MEMORY_SAMPLES = 3;

    interface Listener {
        /** Called once, on the context; the watch has stopped. */
        void failed(HealthWatch watch, String kind, String detail);
    }

    private final Vertx vertx;
    private final Context context;
    private final ContextHop hop;
    private final long workerId;
    private final long pid;
    private final ReadinessCheck liveness;
    private final long intervalMs;
    private final long timeoutMs;
    private final int failureThreshold;
    private final long maxRssBytes;
    private final long memoryIntervalMs;
    private final Listener listener;
    private boolean stopped;
    private long livenessTimer = -1;
    private long memoryTimer = -1;
    private int failures;
    private int overLimit;

    /**
     * @param liveness    the check, or null for none
     * @param maxMemoryMb the limit, or null for none
     */
    HealthWatch(Vertx vertx, ContextHop hop, long workerId, long pid, ReadinessCheck liveness, long intervalMs,
                long timeoutMs, int failureThreshold, Integer maxMemoryMb, long memoryIntervalMs, Listener listener) {
        this.vertx = vertx;
        this.context = hop.context();
        this.hop = hop;
        this.workerId = workerId;
        this.pid = pid;
        this.liveness = liveness;
        this.intervalMs = Math.max(1, intervalMs);
        this.timeoutMs = Math.max(1, timeoutMs);
        this.failureThreshold = Math.max(1, failureThreshold);
        this.maxRssBytes = maxMemoryMb == null ? -1 : maxMemoryMb * 1024L * 1024L;
        this.memoryIntervalMs = Math.max(1, memoryIntervalMs);
        this.listener = listener;
    }

    long workerId() {
        return workerId;
    }

    void start() {
        if (liveness != null) {
            livenessTimer = vertx.setTimer(intervalMs, t -> checkLiveness());
        }
        if (maxRssBytes > 0) {
            memoryTimer = vertx.setTimer(memoryIntervalMs, t -> checkMemory());
        }
    }

    /** Idempotent; a result arriving later is dropped. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        vertx.cancelTimer(livenessTimer);
        vertx.cancelTimer(memoryTimer);
        if (liveness != null) {
            liveness.abort();
        }
    }

    private void checkLiveness() {
        if (stopped) {
            return;
        }
        boolean[] done = {false};
        long timeout = vertx.setTimer(timeoutMs, t -> hop.run(() -> {
            if (!done[0]) {
                done[0] = true;
                liveness.abort();
                onLiveness(CheckResult.unusual("no answer within " + timeoutMs + " ms"));
            }
        }));
        liveness.attempt().onComplete(ar -> hop.run(() -> {
            if (!done[0]) {
                done[0] = true;
                vertx.cancelTimer(timeout);
                onLiveness(result(ar));
            }
        }));
    }

    private static CheckResult result(AsyncResult<CheckResult> ar) {
        return ar.succeeded() ? ar.result() : CheckResult.unusual(String.valueOf(ar.cause()));
    }

    private void onLiveness(CheckResult r) {
        if (stopped) {
            return;
        }
        if (r.verdict() == CheckResult.Verdict.PASSED) {
            failures = 0;
        } else if (++failures >= failureThreshold || r.verdict() == CheckResult.Verdict.FATAL) {
            fail("liveness", failures + " check(s) failed in a row, the last: " + r.detail());
            return;
        }
        livenessTimer = vertx.setTimer(intervalMs, t -> checkLiveness());
    }

    private void checkMemory() {
        if (stopped) {
            return;
        }
        context.executeBlocking(() -> TreeSampler.sampleBlocking(List.of(pid)), false)
                .onComplete(ar -> hop.run(() -> onMemory(ar)));
    }

    private void onMemory(AsyncResult<Map<Long, TreeSampler.TreeUsage>> ar) {
        if (stopped) {
            return;
        }
        TreeSampler.TreeUsage usage = ar.succeeded() ? ar.result().get(pid) : null;
        if (usage != null && usage.rssBytes() > maxRssBytes) {
            if (++overLimit >= MEMORY_SAMPLES) {
                fail("memory", "process tree RSS " + usage.rssBytes() / (1024 * 1024) + " MB over maxMemoryMb "
                        + maxRssBytes / (1024 * 1024) + " in " + overLimit + " samples " + memoryIntervalMs + " ms apart");
                return;
            }
        } else {
            overLimit = 0;
        }
        memoryTimer = vertx.setTimer(memoryIntervalMs, t -> checkMemory());
    }

    private void fail(String kind, String detail) {
        stop();
        listener.failed(this, kind, detail);
    }
}
