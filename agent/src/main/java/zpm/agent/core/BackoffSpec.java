package zpm.agent.core;

/**
 * Restart pacing: after the n-th crash in a row inside the stability window, wait
 * {@code min(initialMs * 2^(n-1), maxMs)}; a worker that stays up {@code resetAfterMs} resets n.
 */
public record BackoffSpec(long initialMs, long maxMs, long resetAfterMs) {

    public static final BackoffSpec DEFAULT = new BackoffSpec(1_000, 16_000, 5_000);

    /**
     * The delay before the next fork after {@code attempt} crashes in a row (attempt >= 1).
     * A pure function, tested as a table.
     */
    public long delayFor(int attempt) {
        if (attempt <= 0) {
            return 0;
        }
        long delay = initialMs;
        for (int i = 1; i < attempt && delay < maxMs; i++) {
            delay = delay > maxMs / 2 ? maxMs : delay * 2;
        }
        return Math.min(delay, maxMs);
    }

    /** True once the delay for this attempt has reached the cap: the ladder is climbed. */
    public boolean exhausted(int attempt) {
        return attempt > 0 && delayFor(attempt) >= maxMs;
    }
}
