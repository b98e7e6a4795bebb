package zpm.agent.os;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * Workers are started with {@code posix_spawn} ({@link NativeSpawn}); their output pipes and
 * pidfds are all watched by one thread, {@code zpm-io} ({@link IoLoop}; one {@link WorkerWatch}
 * per worker), which reads lines (pausing while the {@link OutputBacklog} is high), notices exits
 * the moment they happen (no polling), ends what an exited worker left in its group, and reports. Tree kills and the /proc sweeps run on {@code zpm-os}. {@link #signal}
 * runs inline on the caller's thread (one kill(2), microseconds). Every fact is handed to the
 * facts executor.
 */
public final class OsLauncher implements Launcher, AutoCloseable {

    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    static final long SWEEP_DELAY_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(OsLauncher.class);
    private static final Logger workerLog = LoggerFactory.getLogger("zpm.worker");
    /** A rate-limited sample of the workers' lines for the agent's log; {@code logs} has them all. */
    private final WorkerEcho echo = new WorkerEcho(() -> System.nanoTime() / 1_000_000, workerLog::info);
    /** Ends the spawner loop. Only {@link #close()} sends it: the thread's end kills every worker. */
    private static final Runnable STOP = () -> { };

    private final ProcessFacts facts;
    private final Executor factsExecutor;
    private final WorkerLogs logs;
    private final PidRegistry registry;
    private final SpawnWrapper wrapper;
    private final WorkerCgroups cgroups;
    private final Map<Long, RunningWorker> live = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Runnable> spawnQueue = new LinkedBlockingQueue<>();
    private final Thread spawner;
    private final ExecutorService os;
    private final IoLoop io;
    /** Stops reading workers' output while it waits to be written (back-pressure). */
    private final OutputGate gate;
    /** The io thread's read buffer, shared by every pipe. */
    private final byte[] readBuffer = new byte[64 * 1024];
    /** What a worker's watch reports, from the io thread. */
    private final WorkerWatch.Reports watchReports = new WorkerWatch.Reports() {
        @Override
        public void lines(LineBatch lines) {
            logs.append(lines);
            if (workerLog.isInfoEnabled()) {
                echo.lines(lines);
            }
        }

        @Override
        public void notified(RunningWorker w, Map<String, String> message) {
            deliver(() -> facts.notified(w.workerId, message));
        }

        @Override
        public void reaped(RunningWorker w) {
            queueSweep(w);
        }

        @Override
        public void finished(RunningWorker w, ExitStatus status) {
            finish(w, status);
        }
    };
    private final ConcurrentLinkedQueue<RunningWorker> toSweep = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private volatile boolean closed;
    private Path notifyDir;

    /**
     * @param facts         where spawned / spawnFailed / exited go
     * @param factsExecutor every fact is delivered through it (the supervisor's context)
     * @param logs          receives every output line
     * @param registry      records live pids for the next start, or null
     */
    public OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry) {
        this(facts, factsExecutor, logs, registry, OutputBacklog.NONE);
    }

    /** @param backlog output read but not yet written (the log files): reading pauses while it is high */
    public OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry,
                      OutputBacklog backlog) {
        this(facts, factsExecutor, logs, registry, SpawnWrapper.detect(), CgroupSupport.systemBlocking(), backlog);
    }

    OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry,
               SpawnWrapper wrapper) {
        this(facts, factsExecutor, logs, registry, wrapper, CgroupSupport.systemBlocking(), OutputBacklog.NONE);
    }

    OsLauncher(ProcessFacts facts, Executor factsExecutor, WorkerLogs logs, PidRegistry registry,
               SpawnWrapper wrapper, CgroupSupport cgroupSupport, OutputBacklog backlog) {
        this.facts = facts;
        this.factsExecutor = factsExecutor;
        this.logs = logs;
        this.registry = registry;
        this.wrapper = wrapper;
        this.cgroups = WorkerCgroups.open(cgroupSupport, registry == null ? groups -> { } : registry::cgroups);
        this.io = new IoLoop("zpm-io");
        this.gate = new OutputGate(io, backlog);
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

    /** Inline: kill(2) is microseconds. Never after the reap, when the pid may name another process. */
    @Override
    public void signal(long workerId, Signal signal) {
        RunningWorker w = live.get(workerId);
        if (w == null || !w.signal(signal.number, false)) {
            log.debug("signal to ended worker ignored worker={} signal={}", workerId, signal);
        }
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
        live.forEach((id, w) -> out.put(id, (long) w.pid));
        return out;
    }

    /** True while workers' output is not read because the backlog is high (see {@link OutputGate}). */
    public boolean outputPaused() {
        return gate.isPaused();
    }

    public int liveCount() {
        return live.size();
    }

    /** How workers are tracked (cgroup-v2 or process-group), and where: for agent.info. */
    public WorkerCgroups cgroups() {
        return cgroups;
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
        String searchPath = r.env().getOrDefault("PATH", System.getenv("PATH"));
        CommandResolver.Resolution exe = CommandResolver.resolve(r.command().get(0), r.cwd(), searchPath);
        if (!exe.found()) {
            fail(r, exe.error());
            return;
        }
        List<String> argv = r.command();
        String path = exe.path().toString();
        if (r.user() != null || r.group() != null) {
            argv = runAs(r);
            if (argv == null) {
                return;
            }
            path = argv.get(0);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(r.env()); // the agent's environment, the request's keys winning
        env.remove("NOTIFY_SOCKET"); // the agent's own (under systemd) is not the worker's
        NotifySocket.Endpoint notify = null;
        NativeSpawn.Child child;
        WorkerCgroups.WorkerGroup group = null;
        try {
            group = cgroups.prepare(r.workerId(), r.limits()); // before the fork: no start runs unlimited
            if (r.notifySocket()) {
                notify = NotifySocket.Endpoint.open(notifyDir().resolve("w" + r.workerId() + ".sock"));
                env.put("NOTIFY_SOCKET", notify.path().toString());
            }
            child = cgroups.placement().spawn(group, path, argv, wrapper, env, r.cwd());
        } catch (NativeSpawn.Failure | IOException e) {
            if (notify != null) {
                notify.close();
            }
            if (group != null) {
                WorkerCgroups.remove(group);
            }
            fail(r, "cannot start " + r.command().get(0) + (r.cwd() == null ? "" : " in cwd " + r.cwd())
                    + ": " + e.getMessage());
            return;
        }
        started(r, child, notify, group);
    }

    /** {@code <stateDir>/notify}, or a private temporary directory without a state directory. */
    private synchronized Path notifyDir() throws IOException {
        if (notifyDir == null) {
            Path dir = registry != null ? registry.dir().resolve("notify") : Files.createTempDirectory("zpm-notify-");
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            notifyDir = dir;
        }
        return notifyDir;
    }

    private void started(SpawnRequest r, NativeSpawn.Child child, NotifySocket.Endpoint notify, WorkerCgroups.WorkerGroup group) {
        Optional<ProcStat> stat = ProcStat.read(child.pid());
        long startTime = stat.map(ProcStat::startTime).orElse(-1L);
        logs.started(r.workerId(), r.app()); // before the first line is read
        RunningWorker w = new RunningWorker(r.workerId(), r.slot(), r.app(), child.pid(), startTime);
        w.group = group; // the child puts itself there before the worker's command runs
        w.port = portOf(r);
        if (group != null) {
            WorkerCgroups.started(w.pid, group);
        }
        live.put(r.workerId(), w);
        deliver(() -> facts.spawned(r.workerId(), w.pid));

        if (registry != null && stat.isPresent()) {
            // posix_spawn returns after the exec, so setsid has run: the group id is the pid
            registry.added(new PidRegistry.Entry(r.workerId(), r.app(), w.pid, w.pid, startTime, r.command()));
        }
        log.debug("{} spawned command={}", w, r.command());
        // the watch is queued after the spawned fact: the exit fact can never overtake it
        io.execute(() -> new WorkerWatch(w, child, notify, io, readBuffer, gate, watchReports).start());
    }

    /** The command under setpriv as the app's user and group; null (the start failed, said why) when it cannot be. */
    private List<String> runAs(SpawnRequest r) {
        String problem = RunAsCheck.problemBlocking(r.user(), r.group());
        if (problem != null) {
            fail(r, problem);
            return null;
        }
        Accounts.User user = r.user() == null ? null : Accounts.userBlocking(r.user());
        long gid = r.group() != null ? Accounts.groupBlocking(r.group()) : user.gid();
        List<String> argv = wrapper.runAs(r.command(), user, gid);
        if (argv == null) {
            fail(r, "cannot run as user/group " + r.user() + "/" + r.group() + ": setpriv (util-linux) is not on"
                    + " the agent's PATH");
        }
        return argv;
    }

    /** An exit this soon after the spawn may be a port another process holds (checked for apps with a port). */
    private static final long YOUNG_EXIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private void fail(SpawnRequest r, String error) {
        log.warn("app={} worker={} spawn failed: {}", r.app(), r.workerId(), error);
        deliver(() -> facts.spawnFailed(r.workerId(), error));
    }

    private void finish(RunningWorker w, ExitStatus status) {
        live.remove(w.workerId);
        if (registry != null) {
            registry.removed(w.workerId);
        }
        logs.ended(w.workerId);
        log.debug("{} exited {}", w, status);
        if (w.port != null && status.code() != null && status.code() != 0
                && System.nanoTime() - w.spawnedNanos < YOUNG_EXIT_NANOS) {
            // a worker that could not bind its port fails young: say who holds it, before its exit
            try {
                os.execute(() -> {
                    try {
                        String why = PortHolder.describeBlocking(w.port);
                        if (why != null) {
                            deliver(() -> facts.portHeld(w.workerId, why));
                        }
                    } finally {
                        exitReported(w, status);
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                // closing: the exit goes at once
            }
        }
        exitReported(w, status);
    }

    private void exitReported(RunningWorker w, ExitStatus status) {
        deliver(() -> facts.exited(w.workerId, status));
        if (w.group != null) {
            WorkerCgroups.ended(w.pid);
            WorkerCgroups.WorkerGroup g = w.group;
            // later, as the sweep: the rmdir would contend with the replacement's mkdir for the
            // kernel's cgroup lock right when the respawn is on its way
            CompletableFuture.delayedExecutor(SWEEP_DELAY_MS, TimeUnit.MILLISECONDS, this::runOnOs)
                    .execute(() -> WorkerCgroups.removeWhenEmpty(g, this::runOnOs, 0));
        }
        w.finished.complete(null);
    }

    private static Integer portOf(SpawnRequest r) {
        try {
            String port = r.env().get("PORT");
            return port == null ? null : Integer.valueOf(port);
        } catch (NumberFormatException e) {
            return null;
        }
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
        cgroups.closeBlocking(CLOSE_TIMEOUT.toMillis() / 2); // every worker's group, then the agent's
        spawnQueue.add(STOP);
        io.close();
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
