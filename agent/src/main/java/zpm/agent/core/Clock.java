package zpm.agent.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Time as the core sees it. The real one reads the system; tests move a fake one by hand. */
public interface Clock {

    /** Monotonic milliseconds, for ages and delays. */
    long millis();

    /** Wall-clock time, for event timestamps. */
    Instant now();

    Clock SYSTEM = new Clock() {
        @Override
        public long millis() {
            return System.nanoTime() / 1_000_000;
        }

        @Override
        public Instant now() {
            // Milliseconds, as on the wire: sub-millisecond digits would only be noise.
            return Instant.now().truncatedTo(ChronoUnit.MILLIS);
        }
    };
}
