package zpm.agent.core;

import zpm.protocol.event.EventType;

/**
 * What happens after a worker ends without being asked to: the restart policy, backoff, the
 * danger state and the fatal crash loop. Part of the core; runs on the core's thread.
 */
final class Crashes {

    private final Supervisor sup;

    Crashes(Supervisor sup) {
        this.sup = sup;
    }

    /** An unexpected exit (or a failed start): decide between fork now, backoff, stay, or fatal. */
    void onCrash(Worker w, ExitStatus status, long uptimeMs) {
        App a = w.app;
        if (sup.rolling().isWaitingFor(w)) {
            sup.rolling().onFailedStart(w, "it exited with " + status + " after " + uptimeMs + " ms");
        }
        if (w.replaces != null) {
            // STARTING -> EXITED of a rolling replacement: the old worker keeps the slot.
            sup.removeWorker(w);
            return;
        }
        if (w.replacedBy != null || sup.isQuitting() || w.slot >= a.desired) {
            // Its replacement is on the way, or nobody wants this slot any more.
            sup.removeWorker(w);
            return;
        }
        boolean failure = w.afterExit == Worker.AfterExit.FAILED || !status.clean();
        RestartPolicy policy = a.spec.restart();
        if (policy == RestartPolicy.NEVER || policy == RestartPolicy.ON_FAILURE && !failure) {
            w.reason = "not restarted: restart policy is " + a.spec.restart().wireName();
            return;
        }
        BackoffSpec b = a.spec.backoff();
        boolean early = uptimeMs < a.spec.minRestartAgeMs();
        if (early && !a.spec.watch().isEmpty()) {
            // Dev mode: a worker that dies right after start is broken until the code changes.
            String reason = "dev mode: " + status + " after " + uptimeMs
                    + " ms; waiting for a change in the watched paths";
            w.reason = reason;
            sup.transition(w, WorkerState.FATAL, reason, EventType.FATAL, Supervisor.details("reason", reason));
            return;
        }
        // A stable worker (online past the window) is replaced at once; any other climbs the ladder.
        boolean stable = w.onlineAtMs >= 0 && sup.now() - w.onlineAtMs >= b.resetAfterMs();
        w.attempts = early || !stable ? w.attempts + 1 : 0;
        if (early && !a.danger) {
            a.danger = true;
            sup.emit(EventType.DANGER, a.name(), null, Supervisor.details("active", true, "reason",
                    "worker " + w.id + " died after " + uptimeMs + " ms, younger than minRestartAgeMs="
                            + a.spec.minRestartAgeMs()));
        }
        // Give up once even the longest delay did not help: attempt n-1 already waited maxMs.
        if (early && !a.hasLiveWorker() && b.exhausted(w.attempts - 1)) {
            appFatal(a, "workers keep dying younger than minRestartAgeMs=" + a.spec.minRestartAgeMs()
                    + " ms (last: worker " + w.id + ", " + status + ", after " + uptimeMs + " ms, "
                    + w.attempts + " times in a row); restart or resize the app to try again");
            return;
        }
        w.restarts++;
        long delay = b.delayFor(w.attempts);
        if (delay == 0) {
            sup.fork(w, "crash after " + uptimeMs + " ms (stable)");
            return;
        }
        String reason = status + " after " + uptimeMs + " ms, crash " + w.attempts + " in a row";
        w.reason = "backoff: " + reason;
        sup.transition(w, WorkerState.BACKOFF, reason, EventType.BACKOFF,
                Supervisor.details("delayMs", delay, "reason", reason));
        long gen = w.id;
        w.backoffTimer = sup.schedule(delay, () -> backoffElapsed(w, gen));
    }

    private void backoffElapsed(Worker w, long gen) {
        w.backoffTimer = null;
        if (w.id == gen && w.state == WorkerState.BACKOFF) {
            sup.fork(w, "backoff elapsed");
        }
    }

    /** The worker stayed up past the stability window: its ladder resets; the app may leave danger. */
    void stable(Worker w, long gen) {
        w.stableTimer = null;
        if (w.id != gen || !w.isLive()) {
            return;
        }
        w.attempts = 0;
        App a = w.app;
        if (a.danger && a.workers.stream().allMatch(x -> x.attempts == 0)) {
            a.danger = false;
            sup.emit(EventType.DANGER, a.name(), null, Supervisor.details("active", false, "reason",
                    "workers stay up past resetAfterMs=" + a.spec.backoff().resetAfterMs()));
        }
    }

    /** Gives an app up: nothing more is forked until an operator's restart or resize. */
    void appFatal(App a, String reason) {
        a.fatalReason = reason;
        for (Worker x : a.workersBySlot()) {
            if (x.state == WorkerState.BACKOFF || x.state == WorkerState.EXITED && x.afterExit != Worker.AfterExit.HOLD) {
                x.cancelTimers();
                x.reason = "fatal: " + reason;
                sup.transition(x, WorkerState.FATAL, reason, null, null);
            }
        }
        sup.emit(EventType.FATAL, a.name(), null, Supervisor.details("reason", reason));
    }
}
