package zpm.agent.probe;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import zpm.agent.vertx.ContextHop;

/**
 * Runs one worker's readiness check until it passes, turns fatal or is stopped. Attempts are
 * chained, never overlapping: the next one is armed when the previous completes, {@code intervalMs}
 * after the previous one started (at least 1 ms later). Lives on the probes' context.
 */
final class ReadinessWatch {

    /** What a watch tells its owner; called on the context, at most once per watch for each. */
    interface Listener {
        void passed(ReadinessWatch watch);

        void unusual(ReadinessWatch watch, String detail);

        void fatal(ReadinessWatch watch, String detail);
    }

    private final Vertx vertx;
    private final ContextHop hop;
    private final long workerId;
    private final String type;
    private final ReadinessCheck check;
    private final long maxIntervalMs;
    private final long giveUpAfterMs;
    private final Listener listener;
    private long intervalMs;
    private final long createdNanos = System.nanoTime();
    private long timerId = -1;
    private boolean stopped;
    private boolean unusualReported;
    private int attempts;

    ReadinessWatch(Vertx vertx, ContextHop hop, long workerId, String type, ReadinessCheck check,
                   long intervalMs, Listener listener) {
        this(vertx, hop, workerId, type, check, intervalMs, intervalMs, 0, listener);
    }

    /**
     * @param maxIntervalMs the interval doubles after each attempt up to this
     * @param giveUpAfterMs after this long without a pass the watch ends as fatal; 0: never
     */
    ReadinessWatch(Vertx vertx, ContextHop hop, long workerId, String type, ReadinessCheck check,
                   long intervalMs, long maxIntervalMs, long giveUpAfterMs, Listener listener) {
        this.vertx = vertx;
        this.hop = hop;
        this.workerId = workerId;
        this.type = type;
        this.check = check;
        this.intervalMs = intervalMs;
        this.maxIntervalMs = Math.max(intervalMs, maxIntervalMs);
        this.giveUpAfterMs = giveUpAfterMs;
        this.listener = listener;
    }

    long workerId() {
        return workerId;
    }

    String type() {
        return type;
    }

    /** Attempts completed so far. */
    int attempts() {
        return attempts;
    }

    long ageMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos);
    }

    /** Arms the first attempt on a later turn of the context, never inside the caller's stack. */
    void start() {
        hop.later(this::attempt);
    }

    /** Idempotent. A result that arrives after this is dropped. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        check.abort();
    }

    private void attempt() {
        timerId = -1;
        if (stopped) {
            return;
        }
        long started = System.nanoTime();
        check.attempt().onComplete(ar -> hop.run(() -> onResult(ar, started)));
    }

    private void onResult(AsyncResult<CheckResult> ar, long startedNanos) {
        if (stopped) {
            return; // cancelled while the attempt was in flight
        }
        attempts++;
        CheckResult result = ar.succeeded() ? ar.result()
                : CheckResult.unusual(String.valueOf(ar.cause()));
        switch (result.verdict()) {
            case PASSED -> {
                stopped = true;
                listener.passed(this);
            }
            case FATAL -> {
                stopped = true;
                listener.fatal(this, result.detail());
            }
            case UNUSUAL -> {
                if (!unusualReported) {
                    unusualReported = true; // once per watch: the core turns it into a probe event
                    listener.unusual(this, result.detail());
                }
                armNext(startedNanos);
            }
            case NOT_YET -> armNext(startedNanos);
        }
    }

    private void armNext(long startedNanos) {
        if (stopped) {
            return; // the listener may have stopped us
        }
        if (giveUpAfterMs > 0 && ageMs() >= giveUpAfterMs) {
            stopped = true;
            listener.fatal(this, "not passed within " + giveUpAfterMs + " ms");
            return;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        long interval = intervalMs;
        intervalMs = Math.min(maxIntervalMs, intervalMs * 2);
        // hop.run put us on the context, so the timer fires there too
        timerId = vertx.setTimer(Math.max(1, interval - elapsedMs), t -> attempt());
    }
}
