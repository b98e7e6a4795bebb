package zpm.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.api.RestartBatch;
import zpm.protocol.api.WorkerCalls;
import zpm.protocol.event.LifecycleEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The supervisor core: a state machine over apps and workers. It takes commands and facts
 * (spawned, exited, ready, timer fired) and acts through its ports (launcher, probes, scheduler,
 * event sink). No threads, no I/O: every method must be called on one thread, the core's.
 * Long operations return futures completed on that thread when their target is reached.
 *
 * <p>This class is the entry point; the parts behind it are {@link Transitions} (the one choke
 * point of a worker's state), {@link Starts}, {@link Stops}, {@link Crashes}, {@link Health},
 * {@link RollingRestart}, {@link Reconciler} and {@link Events}, wired in {@link Core}.
 */
public final class Supervisor implements ProcessFacts {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final Core core;
    private final Registry registry;

    public Supervisor(Clock clock, Scheduler scheduler, Launcher launcher, Probes probes, EventSink sink) {
        this(clock, scheduler, launcher, probes, sink, null);
    }

    /** @param node the agent's node name, carried by every event (null: events without one) */
    public Supervisor(Clock clock, Scheduler scheduler, Launcher launcher, Probes probes, EventSink sink,
                      String node) {
        this.core = new Core(clock, scheduler, launcher, probes, sink, node);
        this.registry = core.registry;
    }

    // ---------------------------------------------------------------- apps

    /** Registers an app and starts its workers (a resize from 0 to its size). */
    public CompletableFuture<AppInfo> addApp(AppSpec spec) {
        refuseWhenQuitting();
        if (registry.apps.containsKey(spec.name())) {
            throw new SupervisorException(SupervisorException.Kind.CONFLICT,
                    "app " + spec.name() + " already exists; stop or delete it first");
        }
        refuseSize(spec.name(), spec.size());
        App a = new App(spec);
        registry.apps.put(spec.name(), a);
        int size = spec.autostart() ? spec.size() : 0; // declared only: a restart brings it to spec.size()
        core.events.app(a, LifecycleEvent.AppAction.Action.START, size);
        return settled(core.reconciler.resize(a, size));
    }

    /** Takes an app to size 0; it stays known, and {@link #restart} or {@link #resize} bring it back. */
    public CompletableFuture<AppInfo> stopApp(String name) {
        refuseWhenQuitting();
        return settled(core.reconciler.resize(registry.app(name), 0));
    }

    /** Stops an app and forgets it once its workers are gone. */
    public CompletableFuture<Void> deleteApp(String name) {
        refuseWhenQuitting();
        App a = registry.app(name);
        core.reconciler.resize(a, 0);
        CompletableFuture<Void> done = new CompletableFuture<>();
        core.reconciler.waitFor(() -> a.workers.isEmpty(), () -> {
            registry.apps.remove(a.name());
            core.events.app(a, LifecycleEvent.AppAction.Action.DELETE, null);
            done.complete(null);
        });
        return settled(done);
    }

    public List<AppInfo> apps() {
        return registry.apps.values().stream().map(App::info).toList();
    }

    public List<WorkerInfo> status(Target target) {
        long now = core.clock.millis();
        return registry.workersOf(target).stream().map(w -> w.info(now)).toList();
    }

    public boolean isQuitting() {
        return core.quitting;
    }

    // ---------------------------------------------------------------- facts from the log files

    /** The log files could not be written ({@code logs-unwritable}, once per failure period). */
    public void logsUnwritable(String path, String error, long unwritten) {
        core.events.logsUnwritable(path, error, unwritten);
    }

    /** The log files are written again ({@code logs-resumed}). */
    public void logsResumed(String path, long unwritten) {
        core.events.logsResumed(path, unwritten);
    }

    // ---------------------------------------------------------------- facts from the fleet

    /** Another node joined this agent's fleet ({@code node-joined}, in this node's own sequence). */
    public void nodeJoined(String peer, String address) {
        core.events.nodeJoined(peer, address);
    }

    /** Another node left this agent's fleet ({@code node-left}). */
    public void nodeLeft(String peer, String address, String reason) {
        core.events.nodeLeft(peer, address, reason);
    }

    /**
     * The last guard on a size, whoever asks (the RPC and config readers refuse earlier, with
     * their own words): 0..{@link WorkerCalls#MAX_SIZE} per app, {@link WorkerCalls#MAX_TOTAL_SIZE}
     * for all apps together.
     */
    private void refuseSize(String name, int size) {
        if (size < 0 || size > WorkerCalls.MAX_SIZE) {
            throw new SupervisorException(SupervisorException.Kind.INVALID,
                    "size must be from 0 to " + WorkerCalls.MAX_SIZE + " (got " + size + ")");
        }
        long others = registry.apps.values().stream().filter(o -> !o.name().equals(name)).mapToLong(o -> o.desired).sum();
        if (others + size > WorkerCalls.MAX_TOTAL_SIZE) {
            throw new SupervisorException(SupervisorException.Kind.INVALID, "size " + size + " for " + name
                    + " would take the agent to " + (others + size) + " workers; it runs at most "
                    + WorkerCalls.MAX_TOTAL_SIZE + " in all (other apps want " + others + ")");
        }
    }

    // ---------------------------------------------------------------- commands

    /**
     * Sets an app's target size: new slots are forked, the highest slots leave gracefully. A fatal
     * app is no longer given up on (nor in danger), and its wanted fatal workers are forked.
     */
    public CompletableFuture<AppInfo> resize(String name, int size) {
        refuseWhenQuitting();
        App a = registry.app(name);
        refuseSize(name, size);
        if (a.health.fatal()) {
            core.health.set(a, AppHealth.OK, "cleared by an operator's resize");
        }
        CompletableFuture<AppInfo> done = core.reconciler.resize(a, size);
        core.starts.respawnFatal(a);
        return settled(done);
    }

    public CompletableFuture<AppInfo> add(String name, int n) {
        return resize(name, (int) Math.min(Integer.MAX_VALUE, (long) registry.app(name).desired + Math.max(0, n)));
    }

    public CompletableFuture<AppInfo> sub(String name, int n) {
        return resize(name, Math.max(0, registry.app(name).desired - Math.max(0, n)));
    }

    /** {@link #restart(Target, RestartBatch)} one worker at a time. */
    public CompletableFuture<RestartResult> restart(Target target) {
        return restart(target, RestartBatch.ONE);
    }

    /**
     * Rolling restart of the target, up to {@code batch} replacements at once in each app. Stopped
     * apps in the target are started at their last size. Queued behind a restart that is running.
     * Apps in the target leave danger and fatal.
     */
    public CompletableFuture<RestartResult> restart(Target target, RestartBatch batch) {
        refuseWhenQuitting();
        return settled(core.rolling.request(target, batch));
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
                core.launcher.signal(w.id, signal);
                sent.add(w.id);
            }
        }
        return sent;
    }

    /** Graceful quit: every worker leaves within its kill timeout; completes when none runs. */
    public CompletableFuture<Void> quit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!core.quitting) {
            core.quitting = true;
            log.info("quit: stopping every worker");
            core.rolling.abortAll("the agent is quitting");
            for (App a : registry.apps.values()) {
                a.resizing = false;
                a.desired = 0;
                for (Worker w : a.workersBySlot()) {
                    core.stops.begin(w, "quit", Worker.AfterExit.REMOVE);
                }
            }
        }
        core.reconciler.waitFor(() -> registry.byId.values().stream().noneMatch(Worker::isLive),
                () -> done.complete(null));
        return settled(done);
    }

    // ---------------------------------------------------------------- facts

    @Override
    public void spawned(long workerId, long pid) {
        Worker w = registry.byId.get(workerId);
        if (w == null || !w.isLive() || w.pid != null) {
            log.debug("stale or repeated spawned worker={} pid={}", workerId, pid);
            return;
        }
        core.starts.spawned(w, pid);
        core.reconciler.settle();
    }

    @Override
    public void spawnFailed(long workerId, String error) {
        Worker w = registry.byId.get(workerId);
        if (w != null && w.isLive() && w.pid == null) {
            core.crashes.onSpawnFailed(w, error);
            core.reconciler.settle();
        }
    }

    @Override
    public void exited(long workerId, ExitStatus status) {
        Worker w = registry.byId.get(workerId);
        if (w == null || !w.isLive()) {
            log.debug("stale exit worker={} {}", workerId, status);
            return;
        }
        core.crashes.onExit(w, status);
        core.reconciler.settle();
    }

    /** Where workers find the agent's control channel ({@code ZPM_CONTROL}); null: none. */
    public void setControlPath(String path) {
        core.starts.setControlPath(path);
    }

    /** True when {@code workerId} names a worker with a process (starting, online or stopping). */
    public boolean isRunning(long workerId) {
        return running(workerId) != null;
    }

    /** The worker said "ready" on its control channel: as READY=1 on a NOTIFY_SOCKET. */
    public void controlReady(long workerId) {
        notified(workerId, Map.of("READY", "1"));
    }

    /** The worker sent {@code data} on its control channel: a {@code message} event. */
    public void workerMessage(long workerId, JsonNode data) {
        Worker w = running(workerId);
        if (w != null) {
            core.events.message(w, data);
        }
    }

    /** A worker's control channel closed: a {@code disconnect} event, unless it was asked to leave. */
    public void controlClosed(long workerId) {
        Worker w = running(workerId);
        if (w != null && w.state != WorkerState.STOPPING) {
            core.events.disconnect(w, "control channel closed");
        }
    }

    @Override
    public void notified(long workerId, Map<String, String> message) {
        Worker w = running(workerId);
        if (w != null) {
            core.starts.notified(w, message);
            core.reconciler.settle();
        }
    }

    @Override
    public void listening(long workerId, int port) {
        Worker w = running(workerId);
        if (w != null && w.listeningPort == null) {
            w.listeningPort = port;
            core.events.listening(w, port);
        }
    }

    /** Kept on the app: the danger and crash-loop reasons of the exit that follows name it. */
    @Override
    public void portHeld(long workerId, String why) {
        Worker w = registry.byId.get(workerId);
        if (w != null) {
            w.app.portHolder = why;
        }
    }

    @Override
    public void ready(long workerId) {
        Worker w = registry.byId.get(workerId);
        if (w != null && w.state == WorkerState.STARTING && w.pid != null) {
            core.starts.goOnline(w);
            core.reconciler.settle();
        }
    }

    @Override
    public void probeFailed(long workerId, String kind, String error, boolean fatal) {
        Worker w = registry.byId.get(workerId);
        if (w != null && w.isLive()) {
            core.starts.probeFailed(w, kind, error, fatal);
            core.reconciler.settle();
        }
    }

    // ---------------------------------------------------------------- private

    /** The worker with that id if it has a process whose pid is known; null otherwise (stale). */
    private Worker running(long workerId) {
        Worker w = registry.byId.get(workerId);
        return w != null && w.isLive() && w.pid != null ? w : null;
    }

    private CompletableFuture<List<Long>> stop(Target target, boolean kill) {
        refuseWhenQuitting();
        List<Worker> targeted = registry.workersOf(target);
        List<Long> ids = targeted.stream().map(w -> w.id).toList();
        String reason = kill ? "terminate" : "shutdown";
        if (target instanceof Target.Ids) {
            for (Worker w : targeted) {
                core.stops.begin(w, reason, Worker.AfterExit.HOLD);
            }
        } else {
            for (App a : registry.appsOf(target)) {
                core.reconciler.resize(a, 0);
            }
        }
        if (kill) {
            for (Worker w : targeted) {
                if (w.isLive()) {
                    core.stops.killTree(w);
                }
            }
        }
        CompletableFuture<List<Long>> done = new CompletableFuture<>();
        core.reconciler.waitFor(() -> targeted.stream().noneMatch(Worker::isLive), () -> done.complete(ids));
        return settled(done);
    }

    /** Every command ends with a settle, which may already complete what it returns. */
    private <T> CompletableFuture<T> settled(CompletableFuture<T> result) {
        core.reconciler.settle();
        return result;
    }

    private void refuseWhenQuitting() {
        if (core.quitting) {
            throw new SupervisorException(SupervisorException.Kind.SHUTTING_DOWN,
                    "the agent is shutting down; no new work is accepted");
        }
    }
}
