package zpm.agent.logfiles;

import zpm.agent.core.AppSpec;

/**
 * How one log file rotates, every field decided (the agent's {@code logs} over the defaults, an
 * app's {@code logs} over the agent's). A live file is renamed {@code .1} before a line would take
 * it past {@code maxBytes} (and, when {@code daily}, at the first line after UTC midnight); the
 * older ones shift up, {@code .keep} is deleted. So a file and its rotated ones hold at most
 * {@code maxBytes * (keep + 1)} bytes before compression.
 */
public record Rotation(long maxBytes, int keep, boolean compress, boolean daily) {

    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_KEEP = 5;
    public static final Rotation DEFAULT = new Rotation(DEFAULT_MAX_BYTES, DEFAULT_KEEP, false, false);

    public Rotation {
        if (maxBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("maxBytes must be > 0 and keep >= 0");
        }
    }

    /** This rotation with the fields {@code over} sets taken from it. */
    public Rotation with(AppSpec.LogRotation over) {
        AppSpec.LogRotation r = over.over(new AppSpec.LogRotation(maxBytes, keep, compress, daily));
        return new Rotation(r.maxBytes(), r.keep(), r.compress(), r.daily());
    }

    /** Bytes one stream of one app may hold on disk, before compression. */
    public long boundBytes() {
        return maxBytes * (keep + 1L);
    }
}
