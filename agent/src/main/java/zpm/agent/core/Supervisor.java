package zpm.agent.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The supervisor core: a state machine over apps and workers. It takes commands and facts
 * (spawned, exited, ready, timer fired) and acts through its ports (launcher, probes, scheduler,
 * event sink). No threads, no I/O: every method must be called on one thread, the core's.
 * Long operations return futures completed on that thread when their target is reached.
 */
public final class Supervisor implements ProcessFacts {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Clock clock;
    private final Scheduler scheduler;
    private final Launcher launcher;
    private final Probes probes;
    private final EventSink sink;
    private final Registry registry = new Registry();
    private final Map<String, App> apps = registry.apps;
    private final Map<Long, Worker> byId = registry.byId;
    private final RollingRestart rolling = new RollingRestart(this);
    private final List<Waiter> waiters = new ArrayList<>();
    private final Crashes crashes = new Crashes(this);
    private final Stops stops;
    private long nextId = 1;
    private long seq;
    private String controlPath;
    private boolean quitting;
    private boolean settling;

    private record Waiter(BooleanSupplier done, Runnable then) {
    }

    public Supervisor(Clock clock, Scheduler scheduler, Launcher launcher, Probes probes, EventSink sink) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.launcher = launcher;
        this.probes = probes;
        this.sink = sink;
        this.stops = new Stops(this, launcher, probes);
    }

    // ---------------------------------------------------------------- apps

    /** Registers an app and starts its workers (a resize from 0 to its size). */
    public CompletableFuture<AppInfo> addApp(AppSpec spec) {
        refuseWhenQuitting();
        if (apps.containsKey(spec.name())) {
            throw new SupervisorException(SupervisorException.Kind.CONFLICT,
                    "app " + spec.name() + " already exists; stop or delete it first");
        }
        App a = new App(spec);
        apps.put(spec.name(), a);
        emit(EventType.APP, a.name(), null, details("action", "start", "size", spec.size()));
        CompletableFuture<AppInfo> done = resizeApp(a, spec.size());
        settle();
        return done;
    }

    /** Takes an app to size 0; it stays known, and {@link #restart} or {@link #resize} bring it back. */
    public CompletableFuture<AppInfo> stopApp(String name) {
        refuseWhenQuitting();
        CompletableFuture<AppInfo> done = resizeApp(registry.app(name), 0);
        settle();
        return done;
    }

    /** Stops an app and forgets it once its workers are gone. */
    public CompletableFuture<Void> deleteApp(String name) {
        refuseWhenQuitting();
        App a = registry.app(name);
        a.deleting = true;
        resizeApp(a, 0);
        CompletableFuture<Void> done = new CompletableFuture<>();
        waitFor(() -> a.workers.isEmpty(), () -> {
            apps.remove(a.name());
            emit(EventType.APP, a.name(), null, details("action", "delete"));
            done.complete(null);
        });
        settle();
        return done;
    }

    public List<AppInfo> apps() {
        return apps.values().stream().map(App::info).toList();
    }

    public List<WorkerInfo> status(Target target) {
        long now = clock.millis();
        return registry.workersOf(target).stream().map(w -> w.info(now)).toList();
    }

    public boolean isQuitting() {
        return quitting;
    }

    // ---------------------------------------------------------------- commands

    /** Sets an app's target size: new slots are forked, the highest slots leave gracefully. */
    public CompletableFuture<AppInfo> resize(String name, int size) {
        refuseWhenQuitting();
        if (size < 0) {
            throw new SupervisorException(SupervisorException.Kind.INVALID, "size must be >= 0 (got " + size + ")");
        }
        App a = registry.app(name);
        boolean wasFatal = a.fatalReason != null;
        a.fatalReason = null;
        if (wasFatal) {
            a.danger = false;
        }
        CompletableFuture<AppInfo> done = resizeApp(a, size);
        respawnFatal(a);
        settle();
        return done;
    }

    public CompletableFuture<AppInfo> add(String name, int n) {
        return resize(name, registry.app(name).desired + Math.max(0, n));
    }

    public CompletableFuture<AppInfo> sub(String name, int n) {
        return resize(name, Math.max(0, registry.app(name).desired - Math.max(0, n)));
    }

    /**
     * Rolling restart of the target, one worker at a time. Stopped apps in the target are started
     * at their last size. Queued behind a restart that is running.
     */
    public CompletableFuture<RestartResult> restart(Target target) {
        refuseWhenQuitting();
        List<Worker> targeted = registry.workersOf(target);
        Set<String> appNames = new LinkedHashSet<>();
        List<CompletableFuture<AppInfo>> starting = new ArrayList<>();
        List<Long> startedIds = new ArrayList<>();
        if (!(target instanceof Target.Ids)) {
            for (App a : registry.appsOf(target)) {
                appNames.add(a.name());
                // The plan below forks the fatal workers in place, one at a time.
                a.fatalReason = null;
                a.danger = false;
                if (a.desired == 0 && a.lastRunningSize > 0) {
                    // A stopped app is started again: its new workers count as started.
                    starting.add(resizeApp(a, a.lastRunningSize));
                    a.workersBySlot().forEach(w -> startedIds.add(w.id));
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        for (Worker w : targeted) {
            if (w.state != WorkerState.STOPPING && w.replaces == null) {
                ids.add(w.id);
                appNames.add(w.app.name());
                if (w.state == WorkerState.FATAL) {
                    w.app.fatalReason = null;
                }
            }
        }
        CompletableFuture<RestartResult> done = rolling.enqueue(new RollingRestart.Plan(ids, appNames));
        if (!starting.isEmpty()) {
            done = done.thenCombine(CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)), (r, v) -> {
                List<Long> started = new ArrayList<>(startedIds);
                started.addAll(r.started());
                return new RestartResult(r.replaced(), started, r.ok(), r.error());
            });
        }
        settle();
        return done;
    }

    /**
     * Graceful stop: an app or all apps go to size 0; chosen ids stop and stay in their slots as
     * exited until restarted. Completes with the ids asked to stop, once none of them runs.
     */
    public CompletableFuture<List<Long>> shutdown(Target target) {
        return stop(target, false);
    }

    /** Like {@link #shutdown} with SIGKILL of each worker's process tree at once. */
    public CompletableFuture<List<Long>> terminate(Target target) {
        return stop(target, true);
    }

    /** Sends a signal to the main process of every running worker of the target. */
    public List<Long> signal(Target target, Signal signal) {
        refuseWhenQuitting();
        List<Long> sent = new ArrayList<>();
        for (Worker w : registry.workersOf(target)) {
            if (w.isLive() && w.pid != null) {
                launcher.signal(w.id, signal);
                sent.add(w.id);
            }
        }
        return sent;
    }

    /** Graceful quit: every worker leaves within its kill timeout; completes when none runs. */
    public CompletableFuture<Void> quit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!quitting) {
            quitting = true;
            log.info("quit: stopping every worker");
            rolling.abortAll("the agent is quitting");
            for (App a : apps.values()) {
                a.resizing = false;
                a.desired = 0;
                for (Worker w : a.workersBySlot()) {
                    beginStop(w, "quit", Worker.AfterExit.REMOVE);
                }
            }
        }
        waitFor(() -> byId.values().stream().noneMatch(Worker::isLive), () -> done.complete(null));
        settle();
        return done;
    }

    /** Hard quit: SIGKILL every worker's tree now. The caller exits right after. */
    public void hardQuit() {
        quitting = true;
        for (Worker w : byId.values()) {
            if (w.isLive()) {
                killTree(w);
            }
        }
    }

    // ---------------------------------------------------------------- facts

    @Override
    public void spawned(long workerId, long pid) {
        Worker w = byId.get(workerId);
        if (w == null || !w.isLive() || w.pid != null) {
            log.debug("stale or repeated spawned worker={} pid={}", workerId, pid);
            return;
        }
        w.pid = pid;
        w.spawnedAtMs = clock.millis();
        emit(EventType.FORK, w.app.name(), w.ref(), details("command", w.app.spec.command()));
        if (w.app.spec.port() != null && w.state != WorkerState.STOPPING) {
            probes.watchListening(w.id, pid, w.app.spec.port());
        }
        long gen = w.id;
        if (w.state == WorkerState.STOPPING) {
            // Asked to leave (or killed) before its pid was known: the launcher could not act then.
            if (w.killRequested) {
                launcher.killTree(w.id);
            } else {
                launcher.signal(w.id, Signal.TERM);
            }
        } else if (w.app.spec.readiness().type() == ProbeSpec.Type.NONE) {
            goOnline(w);
        } else {
            ProbeSpec r = w.app.spec.readiness();
            probes.watchReadiness(w.id, pid, r, w.app.spec.port());
            w.readinessTimer = schedule(r.timeoutMs(), () -> readinessTimedOut(w, gen));
        }
        settle();
    }

    @Override
    public void spawnFailed(long workerId, String error) {
        Worker w = byId.get(workerId);
        if (w == null || !w.isLive() || w.pid != null) {
            return;
        }
        w.cancelTimers();
        String reason = "spawn failed: " + error;
        w.reason = reason;
        if (rolling.isWaitingFor(w)) {
            rolling.onFailedStart(w, reason);
        }
        if (w.afterExit == Worker.AfterExit.REMOVE || w.replaces != null) {
            transition(w, WorkerState.EXITED, reason, null, null);
            removeWorker(w);
        } else {
            transition(w, WorkerState.FATAL, reason, EventType.FATAL, details("reason", reason));
            if (!w.app.hasLiveWorker() && w.app.fatalReason == null) {
                crashes.appFatal(w.app, reason);
            }
        }
        settle();
    }

    @Override
    public void exited(long workerId, ExitStatus status) {
        Worker w = byId.get(workerId);
        if (w == null || !w.isLive()) {
            log.debug("stale exit worker={} {}", workerId, status);
            return;
        }
        probes.release(w.id);
        w.cancelTimers();
        long uptime = w.pid == null ? 0 : Math.max(0, clock.millis() - w.spawnedAtMs);
        WorkerState was = w.state;
        boolean expected = was == WorkerState.STOPPING && w.afterExit != Worker.AfterExit.FAILED;
        w.lastExit = new WorkerInfo.LastExit(status, expected, uptime, was == WorkerState.STOPPING ? w.reason : null);
        transition(w, WorkerState.EXITED, status.toString(), EventType.EXIT, details(
                "code", status.code(), "signal", status.signal(), "expected", expected, "uptimeMs", uptime));
        if (expected) {
            if (w.afterExit == Worker.AfterExit.REMOVE) {
                removeWorker(w);
            } else {
                w.reason = "stopped";
            }
        } else {
            crashes.onCrash(w, status, uptime);
        }
        settle();
    }

    /** Where workers find the agent's control channel ({@code ZPM_CONTROL}); null: none. */
    public void setControlPath(String path) {
        this.controlPath = path;
    }

    /** True when {@code workerId} names a worker with a process (starting, online or stopping). */
    public boolean isRunning(long workerId) {
        Worker w = byId.get(workerId);
        return w != null && w.isLive() && w.pid != null;
    }

    /** The worker said "ready" on its control channel: as READY=1 on a NOTIFY_SOCKET. */
    public void controlReady(long workerId) {
        notified(workerId, Map.of("READY", "1"));
    }

    /** The worker sent {@code data} on its control channel: a {@code message} event. */
    public void workerMessage(long workerId, Object data) {
        Worker w = byId.get(workerId);
        if (w != null && w.isLive() && w.pid != null) {
            emit(EventType.MESSAGE, w.app.name(), w.ref(), details("data", data));
        }
    }

    /** A worker's control channel closed: a {@code disconnect} event, unless it was asked to leave. */
    public void controlClosed(long workerId) {
        Worker w = byId.get(workerId);
        if (w != null && w.isLive() && w.pid != null && w.state != WorkerState.STOPPING) {
            emit(EventType.DISCONNECT, w.app.name(), w.ref(), details("reason", "control channel closed"));
        }
    }

    @Override
    public void notified(long workerId, Map<String, String> message) {
        Worker w = byId.get(workerId);
        if (w == null || !w.isLive() || w.pid == null) {
            return;
        }
        if (message.containsKey("STATUS")) {
            w.statusText = message.get("STATUS");
        }
        if ("1".equals(message.get("STOPPING"))) {
            log.info("app={} worker={} says it is stopping", w.app.name(), w.id);
        }
        if ("1".equals(message.get("WATCHDOG")) && w.watchdogTimer != null) {
            armWatchdog(w);
        }
        if ("1".equals(message.get("READY")) && w.state == WorkerState.STARTING
                && w.app.spec.readiness().type() == ProbeSpec.Type.NOTIFY) {
            goOnline(w);
            settle();
        }
    }

    /** Liveness notify: the worker must send WATCHDOG=1 within the timeout, again and again. */
    private void armWatchdog(Worker w) {
        if (w.watchdogTimer != null) {
            w.watchdogTimer.cancel();
        }
        long gen = w.id;
        long timeoutMs = w.app.spec.liveness().timeoutMs();
        w.watchdogTimer = schedule(timeoutMs, () -> {
            w.watchdogTimer = null;
            if (w.id == gen && w.state == WorkerState.ONLINE) {
                String error = "no WATCHDOG=1 within " + timeoutMs + " ms";
                emit(EventType.PROBE, w.app.name(), w.ref(), details("kind", "watchdog", "error", error));
                beginStop(w, "watchdog: " + error, Worker.AfterExit.FAILED);
                settle();
            }
        });
    }

    @Override
    public void listening(long workerId, int port) {
        Worker w = byId.get(workerId);
        if (w != null && w.isLive() && w.pid != null && w.listeningPort == null) {
            w.listeningPort = port;
            emit(EventType.LISTENING, w.app.name(), w.ref(), details("port", port));
        }
    }

    @Override
    public void ready(long workerId) {
        Worker w = byId.get(workerId);
        if (w != null && w.state == WorkerState.STARTING && w.pid != null) {
            goOnline(w);
            settle();
        }
    }

    @Override
    public void probeFailed(long workerId, String kind, String error, boolean fatal) {
        Worker w = byId.get(workerId);
        if (w == null || !w.isLive()) {
            return;
        }
        emit(EventType.PROBE, w.app.name(), w.ref(), details("kind", kind, "error", error));
        if (fatal && w.state != WorkerState.STOPPING) {
            beginStop(w, kind + " failed: " + error, Worker.AfterExit.FAILED);
        }
        settle();
    }

    // ---------------------------------------------------------------- internals used by the plans

    Worker workerById(long id) {
        return byId.get(id);
    }

    boolean isPresent(Worker w) {
        return w.app.workers.contains(w);
    }

    long now() {
        return clock.millis();
    }

    /** Forks a replacement for a live worker in the same slot (rolling restart). */
    Worker forkReplacement(Worker old) {
        Worker r = new Worker(old.app, old.slot);
        r.restarts = old.restarts + 1;
        r.replaces = old;
        old.replacedBy = r;
        old.app.workers.add(r);
        fork(r, "rolling restart of worker " + old.id);
        return r;
    }

    /** An operator's fork of a worker that has no process (backoff, fatal, exited): no waiting. */
    void respawnInPlace(Worker w, String cause) {
        w.cancelTimers();
        w.attempts = 0;
        w.restarts++;
        fork(w, cause);
    }

    void fork(Worker w, String cause) {
        byId.remove(w.id);
        w.id = nextId++;
        w.pid = null;
        w.onlineAtMs = -1;
        w.listeningPort = null;
        w.statusText = null;
        w.killRequested = false;
        w.reason = null;
        w.afterExit = null;
        w.spawnedAtMs = clock.millis();
        byId.put(w.id, w);
        transition(w, WorkerState.STARTING, cause, null, null);
        launcher.spawn(new SpawnRequest(w.id, w.app.name(), w.slot, w.app.spec.command(),
                w.app.spec.cwd(), w.env(controlPath), w.usesNotify()));
    }

    /** Asks a worker to leave: disconnect, SIGTERM, SIGKILL of its tree after the kill timeout. */
    void beginStop(Worker w, String reason, Worker.AfterExit after) {
        stops.begin(w, reason, after);
    }

    /** SIGKILL to the tree now, or as soon as the pid is known. */
    void killTree(Worker w) {
        stops.killTree(w);
    }

    void removeWorker(Worker w) {
        w.cancelTimers();
        w.app.workers.remove(w);
        if (byId.get(w.id) == w) {
            byId.remove(w.id);
        }
        rolling.onRemoved(w);
        if (w.replacedBy != null) {
            w.replacedBy.replaces = null;
            w.replacedBy = null;
        }
        if (w.replaces != null) {
            w.replaces.replacedBy = null;
            w.replaces = null;
        }
    }

    /** Forks every missing slot below the target and stops every worker at or above it. */
    void reconcile(App a) {
        if (a.fatalReason == null && !quitting) {
            for (int slot = 0; slot < a.desired; slot++) {
                if (!a.slotTaken(slot)) {
                    Worker w = new Worker(a, slot);
                    a.workers.add(w);
                    fork(w, "size " + a.desired);
                }
            }
        }
        List<Worker> sorted = a.workersBySlot();
        sorted.sort(Comparator.comparingInt((Worker w) -> w.slot).reversed());
        for (Worker w : sorted) {
            if (w.slot >= a.desired && w.state != WorkerState.STOPPING) {
                beginStop(w, a.desired == 0 ? "stop" : "shrink", Worker.AfterExit.REMOVE);
            }
        }
    }

    RollingRestart rolling() {
        return rolling;
    }

    /**
     * The one choke point for a worker's state: checks the edge, logs {@code old->new} once and
     * emits the event of the edge once.
     */
    void transition(Worker w, WorkerState to, String cause, EventType type, Map<String, Object> details) {
        WorkerState from = w.state;
        boolean allowed = from == null ? to == WorkerState.STARTING : from.canGo(to);
        if (!allowed) {
            throw new IllegalStateException(w + " cannot go " + from + "->" + to + " (" + cause + ")");
        }
        w.state = to;
        log.info("app={} worker={} slot={} {}->{} cause=\"{}\"", w.app.name(), w.id, w.slot,
                from == null ? "NEW" : from, to, cause);
        if (type != null) {
            emit(type, w.app.name(), w.ref(), details);
        }
    }

    void emit(EventType type, String app, WorkerRef worker, Map<String, Object> details) {
        // Bridge while the core still names details by key: the typed record of the same wire form.
        com.fasterxml.jackson.databind.node.ObjectNode n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        n.put("seq", ++seq);
        n.put("ts", clock.now().toString());
        n.put("type", type.wireName());
        n.put("app", app);
        if (worker != null) {
            n.putObject("worker").put("id", worker.id()).put("slot", worker.slot()).put("pid", worker.pid());
        }
        details.forEach((k, v) -> n.set(k, zpm.protocol.jsonrpc.JsonTree.of(v)));
        sink.publish(LifecycleEvent.fromJson(n));
    }

    Scheduler.Timer schedule(long delayMs, Runnable task) {
        return scheduler.schedule(delayMs, () -> {
            task.run();
            settle();
        });
    }

    /** An ordered map of key/value pairs; null values are kept (they say "none" on the wire). */
    static Map<String, Object> details(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---------------------------------------------------------------- private

    private CompletableFuture<List<Long>> stop(Target target, boolean kill) {
        refuseWhenQuitting();
        List<Worker> targeted = registry.workersOf(target);
        List<Long> ids = targeted.stream().map(w -> w.id).toList();
        String reason = kill ? "terminate" : "shutdown";
        if (target instanceof Target.Ids) {
            for (Worker w : targeted) {
                beginStop(w, reason, Worker.AfterExit.HOLD);
            }
        } else {
            for (App a : registry.appsOf(target)) {
                resizeApp(a, 0);
            }
        }
        if (kill) {
            for (Worker w : targeted) {
                if (w.isLive()) {
                    killTree(w);
                }
            }
        }
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        waitFor(() -> targeted.stream().noneMatch(Worker::isLive), () -> done.complete(ids));
        settle();
        return done;
    }

    private CompletableFuture<AppInfo> resizeApp(App a, int size) {
        int from = a.desired;
        a.desired = size;
        if (size > 0) {
            a.lastRunningSize = size;
        }
        a.resizing = true;
        a.resizeFrom = from;
        emit(EventType.RESIZE, a.name(), null, details("from", from, "to", size, "done", false));
        reconcile(a);
        CompletableFuture<AppInfo> done = new CompletableFuture<>();
        waitFor(() -> !a.resizing || a.desired != size, () -> done.complete(a.info()));
        return done;
    }

    /** An operator resized a fatal app: fork its fatal workers that are still wanted. */
    private void respawnFatal(App a) {
        for (Worker w : a.workersBySlot()) {
            if (w.state == WorkerState.FATAL && w.slot < a.desired) {
                respawnInPlace(w, "operator cleared fatal");
            }
        }
    }

    private void goOnline(Worker w) {
        if (w.readinessTimer != null) {
            w.readinessTimer.cancel();
            w.readinessTimer = null;
        }
        probes.cancel(w.id);
        transition(w, WorkerState.ONLINE, "ready", EventType.ONLINE,
                details("afterMs", Math.max(0, clock.millis() - w.spawnedAtMs)));
        AppSpec spec = w.app.spec;
        if (spec.liveness() != null && spec.liveness().type() == ProbeSpec.Type.NOTIFY) {
            armWatchdog(w);
        }
        if (spec.liveness() != null || spec.maxMemoryMb() != null) {
            probes.watchHealth(w.id, w.pid, spec.liveness(), spec.port(), spec.maxMemoryMb());
        }
        w.onlineAtMs = clock.millis();
        long gen = w.id;
        w.stableTimer = schedule(w.app.spec.backoff().resetAfterMs(), () -> crashes.stable(w, gen));
        rolling.onOnline(w);
    }

    private void readinessTimedOut(Worker w, long gen) {
        w.readinessTimer = null;
        if (w.id != gen || w.state != WorkerState.STARTING) {
            return;
        }
        String error = "not ready after " + w.app.spec.readiness().timeoutMs() + " ms";
        emit(EventType.PROBE, w.app.name(), w.ref(), details("kind", "readiness", "error", error));
        beginStop(w, "readiness timeout: " + error, Worker.AfterExit.FAILED);
    }

    private void waitFor(BooleanSupplier done, Runnable then) {
        waiters.add(new Waiter(done, then));
    }

    /**
     * Runs after every command, fact and timer: notes reached sizes, updates app states (logged
     * once per change) and completes the waiters whose condition now holds.
     */
    private void settle() {
        if (settling) {
            return;
        }
        settling = true;
        try {
            for (App a : new ArrayList<>(apps.values())) {
                if (a.resizing && a.sizeReached()) {
                    a.resizing = false;
                    emit(EventType.RESIZE, a.name(), null,
                            details("from", a.resizeFrom, "to", a.desired, "done", true));
                }
                updateAppState(a);
            }
            for (Waiter wt : new ArrayList<>(waiters)) {
                if (wt.done().getAsBoolean()) {
                    waiters.remove(wt);
                    wt.then().run();
                }
            }
        } finally {
            settling = false;
        }
    }

    private void updateAppState(App a) {
        AppState now = a.state(rolling.isRestarting(a.name()));
        if (now != a.lastState) {
            log.info("app={} {}->{}", a.name(), a.lastState, now);
            a.lastState = now;
        }
    }

    private void refuseWhenQuitting() {
        if (quitting) {
            throw new SupervisorException(SupervisorException.Kind.SHUTTING_DOWN,
                    "the agent is shutting down; no new work is accepted");
        }
    }
}
