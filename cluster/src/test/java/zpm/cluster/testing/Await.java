package zpm.cluster.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline, checking often; never a fixed sleep to hope. */
public final class Await {

    /** A fleet forms in 5-10 s on two idle cores; a loaded machine triples that. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    private Await() {
    }

    public static <T> T until(String what, Duration deadline, Supplier<T> probe) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for: " + what);
            }
            pause(50);
        }
    }

    public static <T> T until(String what, Supplier<T> probe) {
        return until(what, DEFAULT, probe);
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Dead: no such process, or a zombie not yet reaped (a killed orphan waits for init). */
    public static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive() || isZombie(pid)).orElse(true);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
