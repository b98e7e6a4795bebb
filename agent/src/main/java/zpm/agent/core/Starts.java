package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * How a worker comes up: fork ({@code -> STARTING}), the pid ({@code fork} event), readiness
 * ({@code STARTING -> ONLINE}) or its timeout, then the watchdog and health checks of an online
 * worker. Core thread only.
 */
final class Starts {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Core core;
    private long nextId = 1;
    private String controlPath;

    Starts(Core core) {
        this.core = core;
    }

    /** Where workers find the agent's control channel ({@code ZPM_CONTROL}); null: none. */
    void setControlPath(String path) {
        this.controlPath = path;
    }

    /** Forks {@code w} as a new generation: a new id, and facts about the old one become stale. */
    void fork(Worker w, String cause) {
        core.registry.byId.remove(w.id);
        w.id = nextId++;
        w.pid = null;
        w.onlineAtMs = -1;
        w.listeningPort = null;
        w.statusText = null;
        w.killRequested = false;
        w.reason = null;
        w.afterExit = null;
        w.spawnedAtMs = core.clock.millis();
        core.registry.byId.put(w.id, w);
        core.transitions.go(w, WorkerState.STARTING, new Cause.Fork(cause));
        core.launcher.spawn(new SpawnRequest(w.id, w.app.name(), w.slot, w.app.spec.command(),
                w.app.spec.cwd(), w.env(controlPath), w.usesNotify(), w.app.spec.limits(), w.app.spec.user(),
                w.app.spec.group()));
    }

    /** Forks a replacement for a live worker in the same slot (rolling restart). */
    Worker forkReplacement(Worker old) {
        Worker r = new Worker(old.app, old.slot);
        r.restarts = old.restarts + 1;
        old.app.workers.add(r);
        fork(r, "rolling restart of worker " + old.id);
        return r;
    }

    /** An operator's fork of a worker that has no process (backoff, fatal, exited): no waiting. */
    void respawnInPlace(Worker w, String cause) {
        w.resetCrashes();
        w.restarts++;
        fork(w, cause);
    }

    /** An operator resized a fatal app: fork its fatal workers that are still wanted. */
    void respawnFatal(App a) {
        for (Worker w : a.workersBySlot()) {
            if (w.state == WorkerState.FATAL && w.slot < a.desired) {
                respawnInPlace(w, "operator cleared fatal");
            }
        }
    }

    /** The pid is known: the {@code fork} event, then what was waiting for it. */
    void spawned(Worker w, long pid) {
        w.pid = pid;
        w.spawnedAtMs = core.clock.millis();
        core.transitions.note(w, new Cause.Spawned(w.app.spec.command()));
        AppSpec spec = w.app.spec;
        if (spec.port() != null && w.state != WorkerState.STOPPING) {
            core.probes.watchListening(w.id, pid, spec.port());
        }
        if (w.state == WorkerState.STOPPING) {
            // Asked to leave (or killed) before its pid was known: the launcher could not act then.
            if (w.killRequested) {
                core.launcher.killTree(w.id);
            } else {
                core.launcher.signal(w.id, spec.stopSignal());
            }
        } else if (spec.readiness().type() == ProbeSpec.Type.NONE) {
            goOnline(w);
        } else {
            ProbeSpec r = spec.readiness();
            core.probes.watchReadiness(w.id, pid, r, spec.port());
            long gen = w.id;
            core.arm(w, WorkerTimer.READINESS, r.timeoutMs(), () -> readinessTimedOut(w, gen));
        }
    }

    /** The readiness check passed (a probe, or READY=1): {@code STARTING -> ONLINE}. */
    void goOnline(Worker w) {
        core.probes.cancel(w.id);
        long now = core.clock.millis();
        core.transitions.go(w, WorkerState.ONLINE, new Cause.Ready(Math.max(0, now - w.spawnedAtMs)));
        AppSpec spec = w.app.spec;
        if (spec.liveness() != null && spec.liveness().type() == ProbeSpec.Type.NOTIFY) {
            armWatchdog(w);
        }
        if (spec.liveness() != null || spec.maxMemoryMb() != null) {
            core.probes.watchHealth(w.id, w.pid, spec.liveness(), spec.port(), spec.maxMemoryMb());
        }
        w.onlineAtMs = core.clock.millis();
        long gen = w.id;
        core.arm(w, WorkerTimer.STABLE, spec.backoff().resetAfterMs(), () -> core.crashes.stable(w, gen));
        core.rolling.onOnline(w);
    }

    /** An sd_notify datagram of a worker with a process. */
    void notified(Worker w, Map<String, String> message) {
        if (message.containsKey("STATUS")) {
            w.statusText = message.get("STATUS");
        }
        if ("1".equals(message.get("STOPPING"))) {
            log.info("app={} worker={} says it is stopping", w.app.name(), w.id);
        }
        if ("1".equals(message.get("WATCHDOG")) && w.timers.isArmed(WorkerTimer.WATCHDOG)) {
            armWatchdog(w);
        }
        if ("1".equals(message.get("READY")) && w.state == WorkerState.STARTING
                && w.app.spec.readiness().type() == ProbeSpec.Type.NOTIFY) {
            goOnline(w);
        }
    }

    /** A check failed: a {@code probe} event, and a fatal one asks the worker to leave as failed. */
    void probeFailed(Worker w, String kind, String error, boolean fatal) {
        core.events.probe(w, kind, error);
        if (fatal && w.state != WorkerState.STOPPING) {
            core.stops.begin(w, kind + " failed: " + error, Worker.AfterExit.FAILED);
        }
    }

    /** Liveness notify: the worker must send WATCHDOG=1 within the timeout, again and again. */
    private void armWatchdog(Worker w) {
        long gen = w.id;
        long timeoutMs = w.app.spec.liveness().timeoutMs();
        core.arm(w, WorkerTimer.WATCHDOG, timeoutMs, () -> {
            if (w.id == gen && w.state == WorkerState.ONLINE) {
                checkFailed(w, "watchdog", "no WATCHDOG=1 within " + timeoutMs + " ms", "watchdog: ");
            }
        });
    }

    private void readinessTimedOut(Worker w, long gen) {
        if (w.id == gen && w.state == WorkerState.STARTING) {
            String error = "not ready after " + w.app.spec.readiness().timeoutMs() + " ms";
            checkFailed(w, "readiness", error, "readiness timeout: ");
        }
    }

    /** A deadline the core itself enforces passed: a {@code probe} event, and the worker leaves as failed. */
    private void checkFailed(Worker w, String kind, String error, String stopPrefix) {
        core.events.probe(w, kind, error);
        core.stops.begin(w, stopPrefix + error, Worker.AfterExit.FAILED);
    }
}
