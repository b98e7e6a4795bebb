package zpm.agent.core;

/**
 * Restart pacing. A slot's first {@code burst} crashes inside the stability window are forked again
 * at once; after the n-th crash past the burst it waits {@code min(initialMs * 2^(n-1), maxMs)}.
 * A worker that stays up (online) {@code resetAfterMs} resets the count. {@code burst = 0} is the
 * ladder from the first crash (the pacing before issue 12).
 */
public record BackoffSpec(long initialMs, long maxMs, long resetAfterMs, int burst) {

    /** Crashes in a row a slot is forked again at once for, before the ladder starts. */
    public static final int DEFAULT_BURST = 3;
    /** The largest burst a config may ask for: past it, pacing would be off in all but name. */
    public static final int MAX_BURST = 100;

    public static final BackoffSpec DEFAULT = new BackoffSpec(1_000, 16_000, 5_000, DEFAULT_BURST);

    /** A ladder with the default burst. */
    public BackoffSpec(long initialMs, long maxMs, long resetAfterMs) {
        this(initialMs, maxMs, resetAfterMs, DEFAULT_BURST);
    }

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

    /**
     * The delay before the next fork after a slot's {@code crash}-th death in a row inside the
     * window: 0 (at once) within the burst, then the ladder. Per slot, before the app-wide guard.
     */
    public long delayAfterCrash(int crash) {
        return crash <= burst ? 0 : delayFor(crash - burst);
    }

    /** True once the delay for this attempt has reached the cap: the ladder is climbed. */
    public boolean exhausted(int attempt) {
        return attempt > 0 && delayFor(attempt) >= maxMs;
    }
}
