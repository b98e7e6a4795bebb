package zpm.agent.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import zpm.agent.core.Target;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's own signals: HUP = rolling restart of every app; INT/TERM = graceful quit, exit 0;
 * a second INT = hard quit (SIGKILL every worker), exit 1. Installing a TERM handler replaces
 * the JVM's default exit, so every path ends in an explicit {@code System.exit}.
 */
final class AgentSignals {

    private static final Logger log = LoggerFactory.getLogger(AgentSignals.class);

    private final AtomicBoolean quitting = new AtomicBoolean();
    /** Set by a hard quit: the graceful quit it cut short must not exit with 0 meanwhile. */
    private final AtomicBoolean hard = new AtomicBoolean();
    private volatile Agent agent;
    /** A quit asked for before the agent was up: carried out as soon as it is. */
    private volatile boolean quitPending;

    private AgentSignals() {
    }

    /**
     * Installs the handlers before anything is started, so a SIGTERM during start-up is a
     * graceful quit too (the JVM's default would exit at once and skip stopping workers).
     */
    static AgentSignals install() {
        AgentSignals s = new AgentSignals();
        handle("HUP", sig -> s.hup());
        handle("TERM", sig -> s.graceful("SIGTERM"));
        handle("INT", sig -> s.interrupt());
        return s;
    }

    /** The agent is up: signals now act on it, and a quit asked for meanwhile starts now. */
    synchronized void attach(Agent started) {
        this.agent = started;
        if (quitPending) {
            quitting.set(false);
            graceful("signal during start-up");
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
        Agent agent = this.agent;
        if (agent == null) {
            log.info("SIGHUP during start-up: ignored");
            return;
        }
        log.info("SIGHUP: rolling restart of every app");
        agent.restart(Target.ALL).onComplete(r -> {
            if (r.failed()) {
                log.warn("SIGHUP restart refused: {}", r.cause().getMessage());
            } else if (!r.result().ok()) {
                log.warn("SIGHUP restart stopped: {}", r.result().error());
            }
        });
    }

    private void interrupt() {
        if (quitting.get()) {
            hard();
        } else {
            graceful("SIGINT");
        }
    }

    private synchronized void graceful(String why) {
        if (!quitting.compareAndSet(false, true)) {
            return;
        }
        Agent agent = this.agent;
        if (agent == null) {
            quitPending = true;
            log.info("{} during start-up: quitting once started", why);
            return;
        }
        log.info("{}: graceful quit (a second SIGINT quits hard)", why);
        agent.quit().onComplete(r -> {
            if (!hard.get()) {
                exitLater(r.succeeded() ? Main.EXIT_OK : Main.EXIT_FAILED);
            }
        });
    }

    private void hard() {
        log.warn("second SIGINT: hard quit, SIGKILL to every worker");
        hard.set(true);
        Agent agent = this.agent;
        if (agent != null) {
            agent.hardQuit();
        }
        exitLater(Main.EXIT_FAILED);
    }

    /** System.exit blocks its caller until the JVM is down: never do that on an event loop. */
    private static void exitLater(int code) {
        Thread t = new Thread(() -> System.exit(code), "zpm-exit");
        t.start();
    }
}
