package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker leaves when asked: {@code STARTING|ONLINE -> STOPPING} with a disconnect event,
 * the app's stop signal (SIGTERM unless {@code stopSignal} says otherwise), and SIGKILL of its whole tree once the kill timeout passes; and how it leaves its app.
 * Part of the core; runs on the core's thread.
 */
final class Stops {

    private static final Logger log = LoggerFactory.getLogger(Stops.class);

    private final Core core;

    Stops(Core core) {
        this.core = core;
    }

    /** Disconnect, the stop signal, then SIGKILL of the tree after the kill timeout; no process: done at once. */
    void begin(Worker w, String reason, Worker.AfterExit after) {
        if (w.afterExit == null || after == Worker.AfterExit.REMOVE) {
            w.afterExit = after;
        }
        switch (w.state) {
            case STARTING, ONLINE -> {
                core.probes.cancel(w.id);
                w.reason = reason;
                core.transitions.go(w, WorkerState.STOPPING, new Cause.Stop(reason));
                if (w.pid != null) {
                    core.launcher.signal(w.id, w.app.spec.stopSignal());
                }
                long gen = w.id;
                core.arm(w, WorkerTimer.KILL, w.app.spec.killTimeoutMs(), () -> killTimedOut(w, gen));
            }
            case STOPPING -> log.debug("{} already stopping", w);
            case BACKOFF, FATAL, EXITED -> {
                if (w.state != WorkerState.EXITED) {
                    core.transitions.go(w, WorkerState.EXITED, new Cause.Stop(reason));
                }
                w.reason = "stopped";
                if (w.afterExit == Worker.AfterExit.REMOVE) {
                    remove(w);
                }
            }
        }
    }

    /** SIGKILL to the tree now, or as soon as the pid is known. */
    void killTree(Worker w) {
        w.killRequested = true;
        if (w.pid != null) {
            core.launcher.killTree(w.id);
        }
    }

    /** The worker leaves its app (it has no process: EXITED); a rolling restart hears of it. */
    void remove(Worker w) {
        if (w.state.hasProcess()) {
            throw new IllegalStateException(w + " removed while " + w.state);
        }
        w.app.workers.remove(w);
        if (core.registry.byId.get(w.id) == w) {
            core.registry.byId.remove(w.id);
        }
        core.rolling.onRemoved(w);
    }

    private void killTimedOut(Worker w, long gen) {
        if (w.id == gen && w.state == WorkerState.STOPPING) {
            log.info("{} still running after killTimeout={} ms: SIGKILL to its process tree",
                    w, w.app.spec.killTimeoutMs());
            killTree(w);
        }
    }
}
