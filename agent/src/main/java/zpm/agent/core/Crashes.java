package zpm.agent.core;

/**
 * How a worker's process ends (an exit, or a spawn that failed), and what follows one it was not
 * asked for: the restart policy, backoff, the danger state and the fatal crash loop. Part of the
 * core; runs on the core's thread.
 */
final class Crashes {

    private final Core core;

    Crashes(Core core) {
        this.core = core;
    }

    /** The process ended: {@code -> EXITED} with the exit event, then what its app wants next. */
    void onExit(Worker w, ExitStatus status) {
        core.probes.release(w.id);
        long uptime = w.pid == null ? 0 : Math.max(0, core.clock.millis() - w.spawnedAtMs);
        WorkerState was = w.state;
        boolean expected = was == WorkerState.STOPPING && w.afterExit != Worker.AfterExit.FAILED;
        w.lastExit = new WorkerInfo.LastExit(status, expected, uptime, was == WorkerState.STOPPING ? w.reason : null);
        core.transitions.go(w, WorkerState.EXITED, new Cause.Exit(status, expected, uptime));
        if (!expected) {
            onCrash(w, status, uptime);
        } else if (w.afterExit == Worker.AfterExit.REMOVE) {
            core.stops.remove(w);
        } else {
            w.reason = "stopped";
        }
    }

    /**
     * The command could not be started: fatal, unless the worker was a replacement (dropped) or
     * asked to leave meanwhile (exited, and dropped if its slot is not wanted).
     */
    void onSpawnFailed(Worker w, String error) {
        String reason = "spawn failed: " + error;
        w.reason = reason;
        boolean replacement = core.rolling.isReplacement(w);
        core.rolling.onFailedStart(w, reason);
        if (w.afterExit == Worker.AfterExit.REMOVE || replacement) {
            core.transitions.go(w, WorkerState.EXITED, new Cause.SpawnFailed(reason));
            core.stops.remove(w);
        } else if (w.state == WorkerState.STOPPING) {
            // STOPPING -> EXITED: asked to leave (and kept) before its pid was known; it keeps its slot.
            core.transitions.go(w, WorkerState.EXITED, new Cause.SpawnFailed(reason));
        } else {
            core.transitions.go(w, WorkerState.FATAL, new Cause.SpawnFailed(reason));
            if (!w.app.hasLiveWorker() && !w.app.health.fatal()) {
                appFatal(w.app, AppFailure.SPAWN_FAILED, reason);
            }
        }
    }

    /** An unexpected exit (or a failed start): decide between fork now, backoff, stay, or fatal. */
    private void onCrash(Worker w, ExitStatus status, long uptimeMs) {
        App a = w.app;
        boolean replacement = core.rolling.isReplacement(w);
        core.rolling.onFailedStart(w, "it exited with " + status + " after " + uptimeMs + " ms");
        if (replacement) {
            // STARTING -> EXITED of a rolling replacement: the old worker keeps the slot.
            core.stops.remove(w);
            return;
        }
        if (core.rolling.isBeingReplaced(w) || core.quitting || w.slot >= a.desired) {
            // Its replacement is on the way, or nobody wants this slot any more.
            core.stops.remove(w);
            return;
        }
        boolean failure = w.afterExit == Worker.AfterExit.FAILED || !status.clean();
        RestartPolicy policy = a.spec.restart();
        if (policy == RestartPolicy.NEVER || policy == RestartPolicy.ON_FAILURE && !failure) {
            w.reason = "not restarted: restart policy is " + a.spec.restart().wireName();
            return;
        }
        boolean early = uptimeMs < a.spec.minRestartAgeMs();
        if (early && !a.spec.watch().isEmpty()) {
            // Dev mode: a worker that dies right after start is broken until the code changes.
            String reason = "dev mode: " + status + " after " + uptimeMs
                    + " ms; waiting for a change in the watched paths";
            w.reason = reason;
            core.transitions.go(w, WorkerState.FATAL, new Cause.DevMode(reason));
            return;
        }
        climb(w, status, uptimeMs, early);
    }

    /**
     * Restart pacing: the first {@code burst} crashes in the window fork again at once, whatever the
     * age (a young one still raises danger); later ones climb the ladder, and with none up once it
     * is exhausted the app is fatal. A worker online for resetAfterMs starts a new window.
     */
    private void climb(Worker w, ExitStatus status, long uptimeMs, boolean early) {
        App a = w.app;
        BackoffSpec b = a.spec.backoff();
        long now = core.clock.millis();
        if (!early && w.onlineAtMs >= 0 && now - w.onlineAtMs >= b.resetAfterMs()) {
            w.resetCrashes();
            forkAtOnce(w, "crash after " + uptimeMs + " ms (stable)");
            return;
        }
        w.attempts++;
        if (early && !a.health.danger()) {
            core.health.set(a, a.health.withDanger(true), "worker " + w.id + " died after " + uptimeMs
                    + " ms, younger than minRestartAgeMs=" + a.spec.minRestartAgeMs() + portCause(a));
        }
        if (w.attempts <= b.burst() && (!early || a.takeYoungBurst(now))) {
            w.bursts++;
            forkAtOnce(w, "crash " + w.attempts + " of burst " + b.burst() + ", after " + uptimeMs + " ms");
            return;
        }
        backOffOrGiveUp(w, status, uptimeMs, early);
    }

    private void forkAtOnce(Worker w, String cause) {
        w.restarts++;
        core.starts.fork(w, cause);
    }

    /** Past the burst: the ladder's rung is the crashes not forked at once. */
    private void backOffOrGiveUp(Worker w, ExitStatus status, long uptimeMs, boolean early) {
        App a = w.app;
        BackoffSpec b = a.spec.backoff();
        int rung = w.attempts - w.bursts;
        // Give up once even the longest delay did not help: rung n-1 already waited maxMs.
        if (early && !a.hasLiveWorker() && b.exhausted(rung - 1)) {
            appFatal(a, AppFailure.CRASH_LOOP, "workers keep dying younger than minRestartAgeMs="
                    + a.spec.minRestartAgeMs() + " ms (last: worker " + w.id + ", " + status + ", after "
                    + uptimeMs + " ms, " + w.attempts + " times in a row)" + portCause(a)
                    + "; restart or resize the app to try again");
            return;
        }
        w.restarts++;
        long delay = b.delayFor(rung);
        String reason = status + " after " + uptimeMs + " ms, crash " + w.attempts + " in a row";
        w.reason = "backoff: " + reason;
        core.transitions.go(w, WorkerState.BACKOFF, new Cause.Backoff(delay, reason));
        long gen = w.id;
        core.arm(w, WorkerTimer.BACKOFF, delay, () -> backoffElapsed(w, gen));
    }

    private void backoffElapsed(Worker w, long gen) {
        if (w.id == gen && w.state == WorkerState.BACKOFF) {
            core.starts.fork(w, "backoff elapsed");
        }
    }

    /** The worker stayed up past the stability window: its ladder resets; the app may leave danger. */
    void stable(Worker w, long gen) {
        if (w.id != gen || !w.isLive()) {
            return;
        }
        w.resetCrashes();
        App a = w.app;
        if (a.health.danger() && a.workers.stream().allMatch(x -> x.attempts == 0)) {
            a.portHolder = null;
            core.health.set(a, a.health.withDanger(false),
                    "workers stay up past resetAfterMs=" + a.spec.backoff().resetAfterMs());
        }
    }

    /** ": port 8080 is in use by pid 4242 (nginx)" when the OS layer found the app's port held, else "". */
    private static String portCause(App a) {
        return a.portHolder == null ? "" : ": " + a.portHolder;
    }

    /** Gives an app up: nothing more is forked until an operator's restart or resize. */
    private void appFatal(App a, AppFailure failure, String reason) {
        core.health.set(a, a.health.givenUp(failure, reason), reason);
        for (Worker x : a.workersBySlot()) {
            if (x.state == WorkerState.BACKOFF || x.state == WorkerState.EXITED && x.afterExit != Worker.AfterExit.HOLD) {
                x.reason = "fatal: " + reason;
                core.transitions.go(x, WorkerState.FATAL, new Cause.AppFatal(reason));
            }
        }
    }
}
