package zpm.agent.local;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import zpm.agent.bus.EventPublisher;
import zpm.agent.core.Clock;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.ProcessFacts;
import zpm.agent.core.Supervisor;
import zpm.agent.os.OsLauncher;
import zpm.agent.os.OutputBacklog;
import zpm.agent.os.PidRegistry;
import zpm.agent.os.WorkerCgroups;
import zpm.agent.os.WorkerLogs;
import zpm.agent.probe.VertxProbes;
import zpm.agent.vertx.ContextHop;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Owns the supervisor core on one event-loop context, with its OS launcher, probes and event
 * publisher. Facts from the launcher's threads hop onto this context before reaching the core,
 * and so does every call into the core ({@link #call}, {@link #callAsync}).
 */
final class SupervisorVerticle extends VerticleBase {

    private final WorkerLogs logs;
    private final PidRegistry pids;
    private final OutputBacklog backlog;
    /** The node name every event carries. */
    private final String node;
    private Supervisor supervisor;
    private OsLauncher launcher;
    private VertxProbes probes;
    private EventPublisher events;
    private ContextHop hop;

    SupervisorVerticle(WorkerLogs logs, PidRegistry pids, OutputBacklog backlog, String node) {
        this.node = node;
        this.logs = logs;
        this.pids = pids;
        this.backlog = backlog;
    }

    @Override
    public Future<?> start() {
        events = new EventPublisher(vertx.eventBus());
        ProcessFacts facts = new Forward();
        hop = new ContextHop(context);
        launcher = new OsLauncher(facts, hop::later, logs, pids, backlog);
        probes = new VertxProbes(vertx, context, facts);
        supervisor = new Supervisor(Clock.SYSTEM, new VertxScheduler(vertx), launcher, probes, events, node);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return probes.close();
    }

    /** {@code op} on the core, on a later turn of its context. */
    <T> Future<T> call(Function<Supervisor, T> op) {
        return hop.call(() -> op.apply(supervisor));
    }

    /** {@code op} on the core, on a later turn of its context, for operations that complete later. */
    <T> Future<T> callAsync(Function<Supervisor, CompletableFuture<T>> op) {
        return hop.callAsync(() -> op.apply(supervisor));
    }

    /** {@code op} on the core, on a later turn of its context; nobody waits for its outcome. */
    void tell(Consumer<Supervisor> op) {
        call(sup -> {
            op.accept(sup);
            return null;
        });
    }

    ContextHop hop() {
        return hop;
    }

    /** Blocking: SIGKILL to every worker's tree left, then the pid registry closed. */
    void closeOsBlocking() {
        launcher.close();
        pids.close();
    }

    WorkerCgroups cgroups() {
        return launcher.cgroups();
    }

    EventPublisher events() {
        return events;
    }

    /** Facts reach the core only once it exists; the launcher and probes are built before it. */
    private final class Forward implements ProcessFacts {
        @Override
        public void spawned(long workerId, long pid) {
            supervisor.spawned(workerId, pid);
        }

        @Override
        public void spawnFailed(long workerId, String error) {
            supervisor.spawnFailed(workerId, error);
        }

        @Override
        public void exited(long workerId, ExitStatus status) {
            supervisor.exited(workerId, status);
        }

        @Override
        public void notified(long workerId, Map<String, String> message) {
            supervisor.notified(workerId, message);
        }

        @Override
        public void listening(long workerId, int port) {
            supervisor.listening(workerId, port);
        }

        @Override
        public void portHeld(long workerId, String why) {
            supervisor.portHeld(workerId, why);
        }

        @Override
        public void ready(long workerId) {
            supervisor.ready(workerId);
        }

        @Override
        public void probeFailed(long workerId, String kind, String error, boolean fatal) {
            supervisor.probeFailed(workerId, kind, error, fatal);
        }
    }
}
