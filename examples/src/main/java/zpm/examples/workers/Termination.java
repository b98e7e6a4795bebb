package zpm.examples.workers;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Graceful exit on SIGTERM (what the agent sends first) and SIGINT (Ctrl-C when run alone).
 *
 * <p>A shutdown hook would also run on SIGTERM, but the JVM then exits with 143 (128 + 15), and
 * {@code System.exit} inside a hook blocks forever. A signal handler replaces the default exit,
 * so it can drain and then choose the exit code: 0, as the example promises.
 */
final class Termination {

    private Termination() {
    }

    /**
     * On the first SIGTERM or SIGINT runs {@code graceful} on a new thread, then exits 0
     * (1 if it threw). Later signals are ignored while it runs: a second TERM from an impatient
     * supervisor must not cut the drain short (its SIGKILL will, after the kill timeout).
     */
    static void onSignal(Runnable graceful) {
        AtomicBoolean started = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (started.compareAndSet(false, true)) {
                // The JVM runs handlers on a daemon thread: once the worker's own threads end,
                // the JVM would exit 0 under our feet, before the last lines are printed.
                Thread stopper = new Thread(() -> runThenExit(graceful), "graceful-stop");
                stopper.setDaemon(false);
                stopper.start();
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        // An INT that the parent ignored stays ignored (the JVM then does not install the
        // handler); that is the parent's choice, so say nothing.
        Signal.handle(new Signal("INT"), handler);
    }

    private static void runThenExit(Runnable graceful) {
        int code = 0;
        try {
            graceful.run();
        } catch (RuntimeException | Error e) {
            System.err.println("graceful stop failed: " + e);
            code = 1;
        }
        System.exit(code);
    }
}
