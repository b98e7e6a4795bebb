package zpm.agent.core;

import zpm.protocol.event.WorkerRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One slot's worker, across its forks: {@code id} changes with every fork (it is the generation:
 * a fact about another id is stale), {@code slot} does not. Mutable, owned by the core's thread;
 * only {@link Transitions#go} writes {@link #state}, and drops its {@link #timers}.
 */
final class Worker {

    /** What to do once a stopping worker's process has ended. */
    enum AfterExit {
        /** Leave the slot empty: shrink, replaced by a rolling restart, app stopped, quit. */
        REMOVE,
        /** Keep the worker as EXITED in its slot: an operator stopped this one. */
        HOLD,
        /** It was stopped because it failed (readiness timeout): treat the exit as a crash. */
        FAILED
    }

    final App app;
    final int slot;
    long id;
    WorkerState state;
    Long pid;
    long spawnedAtMs;
    /** The port its process tree was first seen listening on, once the listening event went out. */
    Integer listeningPort;
    /** The last STATUS= the worker sent on its NOTIFY_SOCKET, or null. */
    String statusText;
    /** When it came online; -1 while it has not (since its last fork). */
    long onlineAtMs = -1;
    int restarts;
    /** Crashes in a row inside the stability window. */
    int attempts;
    /** Of those, the ones forked again at once (the burst): the ladder's rung is attempts - bursts. */
    int bursts;
    WorkerInfo.LastExit lastExit;
    String reason;
    AfterExit afterExit;
    /** SIGKILL asked for; sent as soon as the pid is known if it was not yet. */
    boolean killRequested;
    final WorkerTimers timers = new WorkerTimers();

    Worker(App app, int slot) {
        this.app = app;
        this.slot = slot;
    }

    /** A new stability window: no crash counted (stable uptime, or an operator's fork). */
    void resetCrashes() {
        attempts = 0;
        bursts = 0;
    }

    WorkerRef ref() {
        return new WorkerRef(id, slot, pid);
    }

    boolean isLive() {
        return state != null && state.hasProcess();
    }

    /**
     * The environment of a fork: the app's env, then ZPM_* and PORT, which the app cannot override.
     *
     * @param controlPath the agent's control socket ({@code ZPM_CONTROL}), or null for none
     */
    Map<String, String> env(String controlPath) {
        Map<String, String> env = new LinkedHashMap<>(app.spec.env());
        env.put("ZPM_WORKER", "1");
        env.put("ZPM_WORKER_ID", Long.toString(id));
        env.put("ZPM_WORKER_SLOT", Integer.toString(slot));
        env.put("ZPM_APP", app.name());
        if (app.spec.port() != null) {
            env.put("PORT", app.spec.port().toString());
        }
        if (controlPath != null) {
            env.put("ZPM_CONTROL", controlPath);
        }
        ProbeSpec live = app.spec.liveness();
        if (live != null && live.type() == ProbeSpec.Type.NOTIFY) {
            env.put("WATCHDOG_USEC", Long.toString(live.timeoutMs() * 1000)); // as systemd sets it
        }
        return env;
    }

    /** Whether the worker gets a NOTIFY_SOCKET: its readiness or its liveness is notify. */
    boolean usesNotify() {
        ProbeSpec live = app.spec.liveness();
        return app.spec.readiness().type() == ProbeSpec.Type.NOTIFY
                || live != null && live.type() == ProbeSpec.Type.NOTIFY;
    }

    WorkerInfo info(long nowMs) {
        long uptime = pid != null && state.hasProcess() ? Math.max(0, nowMs - spawnedAtMs) : 0;
        return new WorkerInfo(id, slot, app.name(), state.hasProcess() ? pid : null, state, uptime,
                restarts, lastExit, reason, state.hasProcess() ? statusText : null);
    }

    @Override
    public String toString() {
        return "app=" + app.name() + " worker=" + id + " slot=" + slot;
    }
}
