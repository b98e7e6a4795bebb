package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.event.EventType;

/**
 * How a worker leaves when asked: {@code STARTING|ONLINE -> STOPPING} with a disconnect event,
 * SIGTERM, and SIGKILL of its whole tree once the kill timeout passes. Part of the core; runs
 * on the core's thread.
 */
final class Stops {

    private static final Logger log = LoggerFactory.getLogger(Stops.class);

    private final Supervisor sup;
    private final Launcher launcher;
    private final Probes probes;

    Stops(Supervisor sup, Launcher launcher, Probes probes) {
        this.sup = sup;
        this.launcher = launcher;
        this.probes = probes;
    }

    /** Disconnect, SIGTERM, then SIGKILL of the tree after the kill timeout; no process: done at once. */
    void begin(Worker w, String reason, Worker.AfterExit after) {
        if (w.afterExit == null || after == Worker.AfterExit.REMOVE) {
            w.afterExit = after;
        }
        switch (w.state) {
            case STARTING, ONLINE -> {
                probes.cancel(w.id);
                if (w.readinessTimer != null) {
                    w.readinessTimer.cancel();
                    w.readinessTimer = null;
                }
                w.reason = reason;
                sup.transition(w, WorkerState.STOPPING, reason, EventType.DISCONNECT, Supervisor.details("reason", reason));
                if (w.pid != null) {
                    launcher.signal(w.id, Signal.TERM);
                }
                long gen = w.id;
                w.killTimer = sup.schedule(w.app.spec.killTimeoutMs(), () -> killTimedOut(w, gen));
            }
            case STOPPING -> log.debug("{} already stopping", w);
            case BACKOFF, FATAL, EXITED -> {
                w.cancelTimers();
                if (w.state != WorkerState.EXITED) {
                    sup.transition(w, WorkerState.EXITED, reason, null, null);
                }
                w.reason = "stopped";
                if (w.afterExit == Worker.AfterExit.REMOVE) {
                    sup.removeWorker(w);
                }
            }
        }
    }

    private void killTimedOut(Worker w, long gen) {
        w.killTimer = null;
        if (w.id == gen && w.state == WorkerState.STOPPING) {
            log.info("{} still running after killTimeout={} ms: SIGKILL to its process tree",
                    w, w.app.spec.killTimeoutMs());
            killTree(w);
        }
    }

    /** SIGKILL to the tree now, or as soon as the pid is known. */
    void killTree(Worker w) {
        w.killRequested = true;
        if (w.pid != null) {
            launcher.killTree(w.id);
        }
    }
}
