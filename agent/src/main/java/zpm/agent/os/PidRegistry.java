package zpm.agent.os;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * Every live worker (pid, process group, start time) in {@code <stateDir>/pids.json}, so that
 * the next agent can end what an agent killed by SIGKILL left behind. The parent-death signal
 * ends the workers themselves, but not their children, and not a worker forked in the ~1 ms
 * before its setpriv ran.
 *
 * <p>Writes are coalesced: a change marks the file dirty and one writer thread rewrites it within
 * {@link #WRITE_DELAY_MS} (temp file, fsync, atomic rename), so a burst of 100 spawns costs one
 * write, never on the caller's thread. {@link #close()} writes synchronously.
 *
 * <p>On start, call {@link #endStale(Path)} <em>before</em> creating the registry: the new
 * registry's first write replaces the old records.
 */
public final class PidRegistry implements AutoCloseable {

    public static final String FILE_NAME = "pids.json";
    static final long WRITE_DELAY_MS = 50;

    private static final Logger log = LoggerFactory.getLogger(PidRegistry.class);

    /**
     * One recorded worker. {@code pgid == pid} when the worker leads its own group and session.
     * {@code command} is the argv the worker was started with (without the setpriv prefix): with
     * the start time it tells our worker from an unrelated process before a stale one is killed.
     */
    public record Entry(long workerId, String app, long pid, long pgid, long startTime, List<String> command) {
        public Entry {
            command = command == null ? List.of() : List.copyOf(command);
        }

        public Entry(long workerId, String app, long pid, long pgid, long startTime) {
            this(workerId, app, pid, pgid, startTime, List.of());
        }
    }

    /** pids.json cannot be read as this agent writes it; the message names the file. */
    public static final class UnreadableFile extends IOException {
        public final transient Path file;

        UnreadableFile(Path file, Throwable cause) {
            super(file + " is not a pids file this agent wrote: " + cause.getMessage(), cause);
            this.file = file;
        }
    }

    /**
     * The file's content; the agent's own identity guards against two agents sharing a directory.
     * {@code cgroups}: the agent's own cgroups ({@link WorkerCgroups}), every worker's group under them.
     */
    record Snapshot(long agentPid, long agentStartTime, List<Entry> workers, List<String> cgroups) {
        Snapshot {
            workers = workers == null ? List.of() : List.copyOf(workers);
            cgroups = cgroups == null ? List.of() : List.copyOf(cgroups);
        }

        Snapshot(long agentPid, long agentStartTime, List<Entry> workers) {
            this(agentPid, agentStartTime, workers, List.of());
        }

        ObjectNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("agentPid", agentPid).put("agentStartTime", agentStartTime);
            ArrayNode list = n.putArray("workers");
            for (Entry e : workers) {
                ObjectNode w = list.addObject().put("workerId", e.workerId()).put("app", e.app())
                        .put("pid", e.pid()).put("pgid", e.pgid()).put("startTime", e.startTime());
                ArrayNode argv = w.putArray("command");
                e.command().forEach(argv::add);
            }
            if (!cgroups.isEmpty()) {
                ArrayNode groups = n.putArray("cgroups");
                cgroups.forEach(groups::add);
            }
            return n;
        }

        /** Fields this agent does not know are skipped; a missing number reads as 0. */
        static Snapshot fromJson(JsonNode n) throws IOException {
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            List<Entry> workers = new ArrayList<>();
            for (JsonNode e : n.path("workers")) {
                List<String> command = new ArrayList<>();
                e.path("command").forEach(a -> command.add(a.asText()));
                workers.add(new Entry(e.path("workerId").asLong(), e.path("app").textValue(), e.path("pid").asLong(),
                        e.path("pgid").asLong(), e.path("startTime").asLong(), command));
            }
            List<String> cgroups = new ArrayList<>();
            n.path("cgroups").forEach(g -> cgroups.add(g.asText()));
            return new Snapshot(n.path("agentPid").asLong(), n.path("agentStartTime").asLong(), workers, cgroups);
        }
    }

    private final Path file;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService writer;
    private final long agentPid = ProcessHandle.current().pid();
    private final long agentStartTime = ProcStat.startTimeOf(agentPid).orElse(0L);
    private volatile List<String> cgroups = List.of();
    /** The last write's failure, or null after a write that succeeded: agent.info reports it. */
    private volatile String lastWriteError;

    /** The state directory this registry writes into. */
    public Path dir() {
        return file.getParent();
    }

    public PidRegistry(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        this.file = stateDir.resolve(FILE_NAME);
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "zpm-pids");
            t.setDaemon(true);
            return t;
        });
        // close() drops a pending delayed write (it writes itself) but never interrupts one in
        // progress: an interrupt would close the FileChannel mid-write
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.writer = w;
    }

    /**
     * Records a worker just spawned. Give the group it will have, not what /proc shows in the
     * first microseconds: right after fork the child is still in the agent's group until setsid runs.
     */
    public void added(Entry entry) {
        entries.put(entry.workerId(), entry);
        scheduleWrite();
    }

    /** The agent's own cgroups, each worker's group under them: the next agent ends them all. */
    public void cgroups(List<Path> groups) {
        cgroups = groups.stream().map(Path::toString).toList();
        scheduleWrite();
    }

    public void removed(long workerId) {
        if (entries.remove(workerId) != null) {
            scheduleWrite();
        }
    }

    /** The recorded workers, by worker id. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort(Comparator.comparingLong(Entry::workerId));
        return list;
    }

    /** Writes the file now, on the caller's thread. */
    public synchronized void flushBlocking() throws IOException {
        writeScheduled.set(false);
        try {
            write(file, new Snapshot(agentPid, agentStartTime, entries(), cgroups));
            lastWriteError = null;
        } catch (IOException | RuntimeException e) {
            lastWriteError = file + " could not be written, it is stale (" + e + "): fix the state dir";
            throw e;
        }
    }

    /** Why the file is stale now, or null when the last write succeeded. */
    public String lastWriteError() {
        return lastWriteError;
    }

    /** Stops the writer and writes the last state synchronously. Later changes are not written. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            // a write already running finishes first, so nothing touches the file after close()
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("pids file writer still busy at close file={}", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flushBlocking();
        } catch (IOException e) {
            log.warn("pids file write failed file={} error={}", file, e.toString());
        }
    }

    private void scheduleWrite() {
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::writeQuietly, WRITE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                writeScheduled.set(false); // closing: close() writes the final state itself
            }
        }
    }

    private void writeQuietly() {
        try {
            flushBlocking();
        } catch (IOException | RuntimeException e) {
            log.warn("pids file write failed file={} error={}", file, e.toString());
        }
    }

    private static void write(Path file, Snapshot snapshot) throws IOException {
        PrivateFiles.writeAtomicBlocking(file, JsonTree.writePretty(snapshot.toJson()).getBytes(StandardCharsets.UTF_8));
    }

    /** The recorded state; an empty one when there is no file. */
    static Snapshot readBlocking(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Snapshot(0, 0, List.of());
        }
        try {
            return Snapshot.fromJson(JsonTree.read(bytes));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFile(file, e);
        }
    }

    /**
     * What an earlier agent left running: each recorded worker whose pid still runs with the
     * recorded start time, and every process whose group or session is a recorded worker's own
     * group and that started no earlier than that worker. Nothing else: a pid that now names a
     * newer process is not ours. Empty (with a warning) when the recording agent still runs.
     */
    public static List<StaleProcess> findStale(Path stateDir) throws IOException {
        Snapshot snap = readBlocking(stateDir);
        return ownedByRunningAgent(snap, stateDir) ? List.of() : findStale(snap);
    }

    private static List<StaleProcess> findStale(Snapshot snap) {
        if (snap.workers().isEmpty()) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        List<ProcStat> all = ProcStat.all();
        Map<Long, StaleProcess> found = new LinkedHashMap<>();
        for (Entry e : snap.workers()) {
            collectStale(e, all, self, found);
        }
        return List.copyOf(found.values());
    }

    /** Two agents on one state directory: the second must not end the first one's workers. */
    private static boolean ownedByRunningAgent(Snapshot snap, Path stateDir) {
        boolean running = snap.agentPid() != ProcessHandle.current().pid()
                && ProcStat.isRunning(snap.agentPid(), snap.agentStartTime());
        if (running) {
            log.warn("pids file belongs to a running agent, not touching it file={} agentPid={}",
                    stateDir.resolve(FILE_NAME), snap.agentPid());
        }
        return running;
    }

    private static void collectStale(Entry e, List<ProcStat> all, long self, Map<Long, StaleProcess> found) {
        if (e.pid() <= 1 || e.pgid() <= 1) {
            return; // a damaged record: group 0 is the kernel's threads, pid 1 is init
        }
        var main = ProcStat.read(e.pid());
        if (main.isPresent() && main.get().startTime() != e.startTime()) {
            // the pid was reused, so the kernel had freed it: no group or session of ours is left
            return;
        }
        if (main.isPresent() && !main.get().zombie() && !startedAs(e)) {
            // pid and start time are easy to copy into a planted file; the argv we spawned is one
            // more fact to match. A worker that rewrites its own argv is left running (and logged).
            log.warn("recorded worker not ended: its command line differs from the one recorded pid={} app={}"
                    + " worker={}", e.pid(), e.app(), e.workerId());
            return;
        }
        main.filter(s -> !s.zombie())
                .ifPresent(s -> found.put(s.pid(), stale(s, e, "worker")));
        if (e.pgid() != e.pid()) {
            return; // the worker shared the agent's group (no setsid): its group is not ours to scan
        }
        for (ProcStat p : all) {
            boolean member = p.pgrp() == e.pgid() || p.session() == e.pgid();
            if (member && p.startTime() >= e.startTime() && !p.zombie() && p.pid() != self && p.pid() > 1) {
                found.putIfAbsent(p.pid(), stale(p, e, "group"));
            }
        }
    }

    /** The recorded argv is the process's, or its tail (setpriv before it execs the worker). */
    private static boolean startedAs(Entry e) {
        List<String> argv = ProcStat.cmdline(e.pid()).orElse(List.of());
        List<String> want = e.command();
        return !want.isEmpty() && argv.size() >= want.size()
                && argv.subList(argv.size() - want.size(), argv.size()).equals(want);
    }

    private static StaleProcess stale(ProcStat s, Entry e, String reason) {
        return new StaleProcess(s.pid(), s.startTime(), s.comm(), e.workerId(), e.app(), reason);
    }

    /**
     * Ends what {@link #findStale} finds with SIGKILL (a live recorded worker together with its
     * whole group, which also catches a child forked since the scan), logs each, then deletes
     * the file. Does nothing when the recording agent still runs.
     *
     * @return how many processes were found running and signalled
     */
    public static int endStale(Path stateDir) throws IOException {
        return endStale(readBlocking(stateDir), stateDir);
    }

    /**
     * {@link #endStale(Path)}, but a file that cannot be read goes to {@code onUnreadable} (file,
     * why) and nothing is killed: the caller sets it aside and the agent starts without it.
     */
    public static int endStale(Path stateDir, BiConsumer<Path, String> onUnreadable) throws IOException {
        Snapshot snap;
        try {
            snap = readBlocking(stateDir);
        } catch (UnreadableFile e) {
            onUnreadable.accept(e.file, e.getCause().getMessage());
            return 0;
        }
        return endStale(snap, stateDir);
    }

    private static int endStale(Snapshot snap, Path stateDir) throws IOException {
        if (ownedByRunningAgent(snap, stateDir)) {
            return 0;
        }
        // the groups first: they hold every process, however it detached; what is left is pre-cgroup
        int killed = snap.cgroups().isEmpty() ? 0 : WorkerCgroups.endLeftoversBlocking(
                snap.cgroups().stream().map(Path::of).toList(), CgroupLayout.detectBlocking());
        for (StaleProcess p : findStale(snap)) {
            if (killStale(p)) {
                killed++;
                log.warn("stale process ended pid={} comm={} app={} worker={} reason={}",
                        p.pid(), p.comm(), p.app(), p.workerId(), p.reason());
            }
        }
        Files.deleteIfExists(stateDir.resolve(FILE_NAME));
        return killed;
    }

    private static boolean killStale(StaleProcess p) {
        // re-read right before the kill: the smaller the window, the smaller the pid-reuse risk
        var now = ProcStat.read(p.pid()).filter(s -> s.startTime() == p.startTime() && !s.zombie());
        if (now.isEmpty()) {
            return false;
        }
        boolean killed = Kill.kill(p.pid(), Kill.SIGKILL);
        if (now.get().pgrp() == p.pid()) {
            // it led its group when we looked, and a group id is not reused while members remain:
            // one kill(-pgid) also reaches a child forked since the scan
            Kill.killGroup(p.pid(), Kill.SIGKILL);
        }
        return killed;
    }
}
