package zpm.agent.os;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.ExitStatus;
import zpm.agent.core.Launcher;
import zpm.agent.core.ProcessFacts;
import zpm.agent.core.Signal;
import zpm.agent.core.SpawnRequest;

/**
 * The {@link Launcher} on real processes.
 *
 * <p>Threads: every fork happens on one platform thread, {@code zpm-spawner}, that lives as long
 * as the launcher, because the kernel's parent-death signal fires when the <em>forking thread</em>
 * ends: a worker forked from a pool thread would be SIGKILLed when the pool retires that thread.
 * Exits come from {@link Process#onExit()} (no polling) and are handled on {@code zpm-os}, which
 * also runs tree kills and the /proc sweeps. {@link #signal} runs inline on the caller's thread
 * (one kill(2) through JNA, microseconds). Every fact is handed to the facts executor.
 */
public final class OsLauncher implements Launcher, AutoCloseable {

    /** How long an exit fact waits for the last output lines (a pipe held open by an escaped child). */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final long SWEEP_DELAY_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(OsLauncher.class);
    private static final File DEV_NULL = new File("/dev/null");
    /** Ends the spawner loop. Only {@link #close()} sends it: the thread's end kills every worker. */
    private static final Runnable STOP = () -> { };

    private final ProcessFacts facts;
    private final Executor factsExecutor;
    private final WorkerLogs logs;
    private final PidRegistry registry;
    private final SpawnWrapper wrapper;
    private final Map<Long, RunningWorker> live = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Runnable> spawnQueue = new LinkedBlockingQueue<>();
    private final Thread spawner;
    private final ExecutorService os;
    private final ConcurrentLinkedQueue<RunningWorker> toSweep = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param facts         where spawned / spawnFailed / exited go
     * @param factsExecutor every fact is delivered through it (the supervisor's context)
     * @param logs          receives every output line
     * @param registry      records live pids for the next start, or null
     */
    public OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry) {
        this(facts, factsExecutor, logs, registry, SpawnWrapper.detect());
    }

    OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry,
               SpawnWrapper wrapper) {
        this.facts = facts;
        this.factsExecutor = factsExecutor;
        this.logs = logs;
        this.registry = registry;
        this.wrapper = wrapper;
        this.os = Executors.newSingleThreadExecutor(r -> daemon(r, "zpm-os"));
        // a daemon so that it never holds the JVM up; it must still outlive every worker it forked
        this.spawner = daemon(this::spawnLoop, "zpm-spawner");
        spawner.start();
    }

    @Override
    public void spawn(SpawnRequest request) {
        if (closed) {
            deliver(() -> facts.spawnFailed(request.workerId(), "launcher closed"));
            return;
        }
        spawnQueue.add(() -> {
            try {
                spawnNow(request);
            } catch (RuntimeException e) { // the core waits for a fact about every request
                fail(request, "spawn failed: " + e);
            }
        });
    }

    /** Inline: kill(2) is microseconds. The isAlive check keeps it away from a reaped (reusable) pid. */
    @Override
    public void signal(long workerId, Signal signal) {
        RunningWorker w = live.get(workerId);
        if (w == null || !w.process.isAlive()) {
            log.debug("signal to ended worker ignored worker={} signal={}", workerId, signal);
            return;
        }
        Kill.kill(w.pid, signal.number);
    }

    /** Runs on zpm-os within milliseconds: the descendants snapshot reads /proc. */
    @Override
    public void killTree(long workerId) {
        RunningWorker w = live.get(workerId);
        if (w != null) {
            runOnOs(() -> TreeKiller.killTree(w));
        }
    }

    /** The pid of a live worker, or -1. */
    public long pidOf(long workerId) {
        RunningWorker w = live.get(workerId);
        return w == null ? -1 : w.pid;
    }

    /** Worker id to pid, for every worker whose exit fact has not been delivered yet. */
    public Map<Long, Long> pids() {
        Map<Long, Long> out = new HashMap<>();
        live.forEach((id, w) -> out.put(id, w.pid));
        return out;
    }

    public int liveCount() {
        return live.size();
    }

    /** True when workers lead their own process group (setsid found). */
    public boolean ownProcessGroups() {
        return wrapper.ownGroup();
    }

    private void spawnLoop() {
        Kill.preload(); // pay the ~80 ms libc load here, not in the first signal()
        while (true) {
            Runnable task;
            try {
                task = spawnQueue.take();
            } catch (InterruptedException e) {
                continue; // this thread must outlive its workers: only STOP ends it
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (Throwable t) { // even an Error: ending this thread would SIGKILL every worker
                log.error("spawner task failed", t);
            }
        }
    }

    private void spawnNow(SpawnRequest r) {
        if (closed) {
            deliver(() -> facts.spawnFailed(r.workerId(), "launcher closed"));
            return;
        }
        if (r.command().isEmpty()) {
            fail(r, "empty command");
            return;
        }
        if (r.cwd() != null && !new File(r.cwd()).isDirectory()) {
            fail(r, "cannot start " + r.command().get(0) + ": cwd is not a directory: " + r.cwd());
            return;
        }
        String path = r.env().getOrDefault("PATH", System.getenv("PATH"));
        CommandResolver.Resolution exe = CommandResolver.resolve(r.command().get(0), r.cwd(), path);
        if (!exe.found()) {
            fail(r, exe.error());
            return;
        }
        Process p;
        try {
            p = builder(r, exe).start();
        } catch (IOException | RuntimeException e) {
            fail(r, "cannot start " + r.command().get(0) + (r.cwd() == null ? "" : " in cwd " + r.cwd())
                    + ": " + e.getMessage());
            return;
        }
        started(r, p);
    }

    private ProcessBuilder builder(SpawnRequest r, CommandResolver.Resolution exe) {
        List<String> command = new ArrayList<>(r.command());
        if (wrapper.prefix().isEmpty()) {
            // the JDK would search the agent's PATH, not the worker's: give it what we resolved
            command.set(0, exe.path().toString());
        }
        ProcessBuilder pb = new ProcessBuilder(wrapper.wrap(command));
        if (r.cwd() != null) {
            pb.directory(new File(r.cwd()));
        }
        pb.environment().putAll(r.env()); // the agent's environment, the request's keys winning
        pb.redirectInput(DEV_NULL); // a worker reading stdin gets EOF, not a pipe nobody writes
        return pb;
    }

    private void started(SpawnRequest r, Process p) {
        Optional<ProcStat> stat = ProcStat.read(p.pid());
        long startTime = stat.map(ProcStat::startTime).orElse(-1L);
        logs.started(r.workerId(), r.app()); // before the readers: their first line needs the buffer
        CompletableFuture<Void> outputDone = new CompletableFuture<>();
        RunningWorker w = new RunningWorker(r.workerId(), r.app(), p, startTime, wrapper.ownGroup(), outputDone);
        live.put(r.workerId(), w);
        // The spawned fact first: starting two reader threads takes up to a few ms on a busy
        // machine, and a respawn is only as fast as this fact. The pipes buffer meanwhile.
        deliver(() -> facts.spawned(r.workerId(), w.pid));
        OutputReaders.start(r.workerId(), r.app(), p, logs).whenComplete((v, e) -> outputDone.complete(null));
        if (registry != null && stat.isPresent()) {
            // /proc may still show the JVM's group here (setsid has not run yet): with setsid the
            // group is the pid by construction (setsid exits rather than exec when it fails)
            long pgid = wrapper.ownGroup() ? w.pid : stat.get().pgrp();
            registry.added(new PidRegistry.Entry(r.workerId(), r.app(), w.pid, pgid, startTime));
        }
        log.debug("{} spawned command={}", w, r.command());
        // registered after the spawned fact was queued: the exit fact can never overtake it
        p.onExit().thenRunAsync(() -> exited(w), os);
    }

    private void fail(SpawnRequest r, String error) {
        log.warn("app={} worker={} spawn failed: {}", r.app(), r.workerId(), error);
        deliver(() -> facts.spawnFailed(r.workerId(), error));
    }

    /** On zpm-os: end what the worker left, let the readers drain, then report the exit. */
    private void exited(RunningWorker w) {
        ExitStatus status = ExitStatus.fromJdkExitValue(w.process.exitValue());
        TreeKiller.afterExit(w);
        queueSweep(w);
        w.outputDone.orTimeout(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, timeout) -> {
                    if (timeout != null) {
                        log.warn("{} output not drained within {} ms: an escaped child holds the pipe",
                                w, DRAIN_TIMEOUT.toMillis());
                    }
                    finish(w, status);
                });
    }

    private void finish(RunningWorker w, ExitStatus status) {
        live.remove(w.workerId);
        if (registry != null) {
            registry.removed(w.workerId);
        }
        logs.ended(w.workerId);
        log.debug("{} exited {}", w, status);
        deliver(() -> facts.exited(w.workerId, status));
        w.finished.complete(null);
    }

    /**
     * Exits come in bursts (close, a crashing app): one /proc scan serves all pending ones. It
     * runs 100 ms after the first exit: the scan costs several ms of CPU, and right after an exit
     * that CPU is better spent forking the replacement.
     */
    private void queueSweep(RunningWorker w) {
        toSweep.add(w);
        if (sweepQueued.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(SWEEP_DELAY_MS, TimeUnit.MILLISECONDS, this::runOnOs).execute(() -> {
                sweepQueued.set(false);
                List<RunningWorker> batch = new ArrayList<>();
                for (RunningWorker x; (x = toSweep.poll()) != null; ) {
                    batch.add(x);
                }
                TreeKiller.sweepSessions(batch);
            });
        }
    }

    /**
     * SIGKILLs every worker tree, stops the spawner thread and waits (bounded) for the exit facts.
     * Requests queued behind it fail with "launcher closed".
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != spawner) { // (a fact callback run inline by a direct executor)
            // a barrier: once it ran, no fork is in progress and none will start
            CompletableFuture<Void> barrier = new CompletableFuture<>();
            spawnQueue.add(() -> barrier.complete(null));
            await(barrier, "spawner barrier");
        }
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        for (RunningWorker w : live.values()) {
            TreeKiller.killTree(w);
            finished.add(w.finished);
        }
        await(CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)), "worker exits");
        spawnQueue.add(STOP);
        os.shutdown();
        joinQuietly();
        log.info("launcher closed workersLeft={}", live.size());
    }

    private void await(CompletableFuture<?> f, String what) {
        try {
            f.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("close: gave up waiting for {} after {} ms", what, CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("close: {} failed error={}", what, e.getCause().toString());
        }
    }

    private void joinQuietly() {
        try {
            if (Thread.currentThread() != spawner) {
                spawner.join(CLOSE_TIMEOUT.toMillis());
            }
            os.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runOnOs(Runnable task) {
        try {
            os.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("os task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("os executor closed, task dropped");
        }
    }

    private void deliver(Runnable fact) {
        try {
            factsExecutor.execute(fact);
        } catch (RejectedExecutionException e) {
            log.warn("facts executor rejected a fact (closing?) error={}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
