package zpm.agent.app;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's own signals: HUP = rolling restart of every app; USR1 = reopen the log files (after
 * an external logrotate moved them); INT/TERM = graceful quit, exit 0;
 * a second INT = hard quit (SIGKILL every worker), exit 1. Installing a TERM handler replaces
 * the JVM's default exit, so every path ends in an explicit {@code System.exit}. The
 * {@code agent.quit} method takes the same graceful path.
 */
final class AgentSignals {

    /** What the signals act on, once the agent is up. */
    interface Controls {
        /** Stop taking RPCs, stop every worker within its kill timeout, close everything. */
        Future<Void> quit();

        /** SIGKILL every worker's tree now, from the calling thread. */
        void hardQuit();

        /** Rolling restart of every app. */
        void restartAll();

        /** Close every log file and open it again at its path. */
        void reopenLogs();
    }

    private static final Logger log = LoggerFactory.getLogger(AgentSignals.class);
    /** Longest wait for a graceful quit; set beyond the largest kill timeout you configure. */
    static final long QUIT_DEADLINE_MS = Long.getLong("zpm.quitDeadlineMs", 300_000);

    private final AtomicBoolean quitting = new AtomicBoolean();
    /** Set by a hard quit: the graceful quit it cut short must not exit with 0 meanwhile. */
    private final AtomicBoolean hard = new AtomicBoolean();
    private volatile Controls controls;
    /** A quit asked for before the agent was up: carried out as soon as it is. */
    private volatile boolean quitPending;
    private volatile int pendingExitCode = Main.EXIT_OK;

    private AgentSignals() {
    }

    /**
     * Installs the handlers before anything is started, so a SIGTERM during start-up is a
     * graceful quit too (the JVM's default would exit at once and skip stopping workers).
     */
    static AgentSignals install() {
        AgentSignals s = new AgentSignals();
        handle("HUP", sig -> s.hup());
        handle("USR1", sig -> s.usr1());
        handle("TERM", sig -> s.requestQuit("SIGTERM"));
        handle("INT", sig -> s.interrupt());
        return s;
    }

    /** The agent is up: signals now act on it, and a quit asked for meanwhile starts now. */
    synchronized void attach(Controls started) {
        this.controls = started;
        if (quitPending) {
            quitting.set(false);
            quit("signal during start-up", pendingExitCode);
        }
    }

    private static void handle(String name, sun.misc.SignalHandler handler) {
        try {
            Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIG{} here: {}", name, e.getMessage());
        }
    }

    private void hup() {
        Controls c = this.controls;
        if (c == null) {
            log.info("SIGHUP during start-up: ignored");
            return;
        }
        log.info("SIGHUP: rolling restart of every app");
        c.restartAll();
    }

    private void usr1() {
        Controls c = this.controls;
        if (c == null) {
            log.info("SIGUSR1 during start-up: ignored (the files open after it)");
            return;
        }
        log.info("SIGUSR1: reopening the log files");
        c.reopenLogs();
    }

    private void interrupt() {
        if (quitting.get()) {
            hard();
        } else {
            requestQuit("SIGINT");
        }
    }

    /** Graceful quit, then exit 0 (1 if it failed). Idempotent. */
    void requestQuit(String why) {
        quit(why, Main.EXIT_OK);
    }

    /** Graceful quit, then exit 1: the agent cannot go on as asked (its fleet refused its node name). */
    void quitFailed(String why) {
        quit(why, Main.EXIT_FAILED);
    }

    private synchronized void quit(String why, int exitCode) {
        if (!quitting.compareAndSet(false, true)) {
            return;
        }
        Controls c = this.controls;
        if (c == null) {
            quitPending = true;
            pendingExitCode = exitCode;
            log.info("{} during start-up: quitting once started", why);
            return;
        }
        log.info("{}: graceful quit (a second SIGINT quits hard)", why);
        watchdog();
        c.quit().onComplete(r -> {
            if (r.failed()) {
                log.warn("graceful quit failed: {}", r.cause().toString());
            }
            if (!hard.get()) {
                exitLater(r.succeeded() ? exitCode : Main.EXIT_FAILED);
            }
        });
    }

    /**
     * A graceful quit that has not ended after {@link #QUIT_DEADLINE_MS} (longer than any sane
     * kill timeout) turns into a hard quit: an agent that ignores SIGTERM for good is worse.
     */
    private void watchdog() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(QUIT_DEADLINE_MS);
            } catch (InterruptedException e) {
                return;
            }
            log.error("graceful quit still running after {} ms: quitting hard", QUIT_DEADLINE_MS);
            hard();
        }, "zpm-quit-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private void hard() {
        log.warn("second SIGINT: hard quit, SIGKILL to every worker");
        hard.set(true);
        Controls c = this.controls;
        if (c != null) {
            c.hardQuit();
        }
        exitLater(Main.EXIT_FAILED);
    }

    /** System.exit blocks its caller until the JVM is down: never do that on an event loop. */
    private static void exitLater(int code) {
        Thread t = new Thread(() -> System.exit(code), "zpm-exit");
        t.start();
    }
}
