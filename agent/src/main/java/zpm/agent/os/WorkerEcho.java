package zpm.agent.os;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The agent's own log shows a sample of its workers' lines, never all of them: one worker running
 * {@code yes} once wrote 326 MiB in 30 s there and held a core. Per app, at most
 * {@link #LINES_PER_SECOND} lines a second are echoed, each cut at {@link #MAX_CHARS}; the rest
 * are counted and said in one line when the app's next second begins. Every line still goes to
 * the in-memory ring ({@code logs}); this is only the echo.
 */
final class WorkerEcho {

    static final int LINES_PER_SECOND = 20;
    static final int MAX_CHARS = 512;

    private static final class Window {
        long startMs;
        int echoed;
        long dropped;

        Window(long startMs) {
            this.startMs = startMs;
        }
    }

    private final LongSupplier clockMs;
    private final Consumer<String> sink;
    private final Map<String, Window> windows = new HashMap<>();

    /** @param sink gets each line to write into the agent's log */
    WorkerEcho(LongSupplier clockMs, Consumer<String> sink) {
        this.clockMs = clockMs;
        this.sink = sink;
    }

    /** Synchronized: the io thread calls it for every read of lines, and an app may be forgotten meanwhile. */
    synchronized void lines(LineBatch lines) {
        long now = clockMs.getAsLong();
        Window w = windows.computeIfAbsent(lines.app(), a -> new Window(now - 1_000));
        if (now - w.startMs >= 1_000) {
            if (w.dropped > 0) {
                sink.accept("app=" + lines.app() + " ... " + w.dropped + " lines not echoed here ("
                        + LINES_PER_SECOND + " a second per app; 'logs' has them)");
            }
            w.startMs = now;
            w.echoed = 0;
            w.dropped = 0;
        }
        int echo = Math.min(lines.count(), LINES_PER_SECOND - w.echoed); // only these are decoded
        for (int i = 0; i < echo; i++) {
            String text = lines.text(i);
            text = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
            sink.accept("app=" + lines.app() + " worker=" + lines.workerId() + " stream=" + lines.stream() + " " + text);
        }
        w.echoed += echo;
        w.dropped += lines.count() - echo;
    }
}
