package zpm.agent.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.AppSpec;

/**
 * The agent's cgroups: one group of its own, {@code zpm-<pid>-<n>}, created under the agent's
 * current cgroup in v2 (and, for limits, in the v1 memory and cpu hierarchies when those
 * controllers come from v1), with one child {@code w<workerId>} per worker. A worker's group
 * holds every process it starts, however it detaches (double fork, setsid), so ending it is one
 * write to {@code cgroup.kill}. The agent's group paths go to pids.json, so that the next agent
 * ends a killed agent's leftovers ({@link #endLeftoversBlocking}).
 *
 * <p>Blocking (cgroupfs writes): called on the spawner and zpm-os threads, never an event loop.
 */
public final class WorkerCgroups {

    static final Pattern AGENT_GROUP = Pattern.compile("zpm-[0-9]+-[0-9]+");
    private static final Logger log = LoggerFactory.getLogger(WorkerCgroups.class);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final long CPU_PERIOD_US = 100_000;

    private final CgroupSupport support;
    private final String name;
    private final Path v2;
    /** v1 controller to the agent's group in that hierarchy, made on the first worker with limits. */
    private final Map<String, Path> v1 = new ConcurrentHashMap<>();
    private final Consumer<List<Path>> recorder;
    private final CgroupPlacement placement = CgroupPlacement.detect();

    private WorkerCgroups(CgroupSupport support, String name, Path v2, Consumer<List<Path>> recorder) {
        this.support = support;
        this.name = name;
        this.v2 = v2;
        this.recorder = recorder;
    }

    /**
     * Makes the agent's v2 group (several launchers in one JVM get one each); falls back to
     * process-group tracking when it cannot, or when {@code -Dzpm.processTracking=process-group}
     * asks for it (to measure what the groups cost). {@code recorder} gets every group the agent made.
     */
    public static WorkerCgroups open(CgroupSupport support, Consumer<List<Path>> recorder) {
        String name = "zpm-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Path v2 = null;
        if (CgroupSupport.PROCESS_GROUP.equals(System.getProperty("zpm.processTracking"))) {
            log.info("-Dzpm.processTracking=process-group: workers tracked by process group only");
        } else if (support.tracking().equals(CgroupSupport.CGROUP_V2) && !CgroupPlacement.spawnAvailable()
                && !Files.isExecutable(Path.of(CgroupPlacement.SHELL))) {
            log.warn("{} not found: workers tracked by process group only (it places each worker in its cgroup)",
                    CgroupPlacement.SHELL);
        } else if (support.tracking().equals(CgroupSupport.CGROUP_V2)) {
            Path dir = support.layout().v2().resolve(name);
            try {
                Files.createDirectory(dir);
                v2 = dir;
                for (var c : support.controllers().entrySet()) {
                    if (c.getValue().equals("v2")) { // our w<id> groups need it handed down from here
                        CgroupFiles.writeQuietly(dir.resolve("cgroup.subtree_control"), "+" + c.getKey());
                    }
                }
            } catch (IOException e) {
                log.warn("cgroup {} cannot be created ({}): workers tracked by process group only", dir, e.toString());
            }
        }
        WorkerCgroups g = new WorkerCgroups(support, name, v2, recorder);
        if (v2 != null) {
            g.record();
        }
        return g;
    }

    /** {@link CgroupSupport#CGROUP_V2} when every worker gets a v2 group, else process-group. */
    public String tracking() {
        return v2 != null ? CgroupSupport.CGROUP_V2 : CgroupSupport.PROCESS_GROUP;
    }

    /** How a worker enters its groups (also without any: then it spawns plainly). */
    CgroupPlacement placement() {
        return placement;
    }

    /** {@link CgroupPlacement#BY_SPAWN} or {@link CgroupPlacement#BY_SHELL}; null without v2 groups. */
    public String placementMode() {
        return v2 == null ? null : placement.mode();
    }

    /** The agent's v2 group, or null. */
    public Path v2Group() {
        return v2;
    }

    public CgroupSupport support() {
        return support;
    }

    /** Every group the agent made (for pids.json). */
    List<Path> agentGroups() {
        List<Path> all = new ArrayList<>();
        if (v2 != null) {
            all.add(v2);
        }
        all.addAll(v1.values());
        return all;
    }

    private void record() {
        recorder.accept(agentGroups());
    }

    /**
     * The worker's groups, made before its fork (mkdir, ~0.1 ms); null without any. Throws only when limits cannot be set: a group for tracking
     * alone that cannot be made leaves the worker to process-group tracking.
     */
    WorkerGroup prepare(long workerId, AppSpec.Limits limits) throws IOException {
        if (limits.any()) {
            return create(workerId, limits);
        }
        try {
            return v2 == null ? null : create(workerId, limits);
        } catch (IOException e) {
            log.warn("worker={} no cgroup ({}): tracked by process group", workerId, e.toString());
            return null;
        }
    }

    /**
     * The worker's groups, made and limited before the worker is put in them; null when the agent
     * has none to give (process-group tracking, no limits).
     */
    WorkerGroup create(long workerId, AppSpec.Limits limits) throws IOException {
        String leaf = "w" + workerId;
        Path own = null;
        List<Path> v1Dirs = new ArrayList<>();
        if (v2 != null) {
            own = Files.createDirectories(v2.resolve(leaf));
        }
        if (limits.memoryMb() != null) {
            long bytes = limits.memoryMb() * 1024L * 1024L;
            Path dir = groupFor("memory", leaf, own, v1Dirs);
            boolean isV2 = dir.equals(own);
            CgroupFiles.write(dir.resolve(isV2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(bytes));
            // no swap either, or "past the limit" would page out rather than end in the OOM killer
            CgroupFiles.writeQuietly(dir.resolve(isV2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes"),
                    isV2 ? "0" : Long.toString(bytes));
        }
        if (limits.cpuPercent() != null) {
            long quota = limits.cpuPercent() * CPU_PERIOD_US / 100;
            Path dir = groupFor("cpu", leaf, own, v1Dirs);
            if (dir.equals(own)) {
                CgroupFiles.write(dir.resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
            } else {
                CgroupFiles.write(dir.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
                CgroupFiles.write(dir.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            }
        }
        return own == null && v1Dirs.isEmpty() ? null : new WorkerGroup(workerId, own, v1Dirs, limits.memoryMb() != null);
    }

    /** The worker's v2 group when the controller is v2's, else its group in the v1 hierarchy. */
    private Path groupFor(String controller, String leaf, Path own, List<Path> v1Dirs) throws IOException {
        String where = support.controllers().get(controller);
        if ("v2".equals(where) && own != null) {
            return own;
        }
        if (!"v1".equals(where)) {
            throw new IOException("no " + controller + " controller: " + support.refusal(
                    controller.equals("memory") ? new AppSpec.Limits(1, null) : new AppSpec.Limits(null, 1)));
        }
        Path agentGroup = v1.computeIfAbsent(controller, c -> support.layout().v1().get(c).resolve(name));
        if (!Files.isDirectory(agentGroup)) {
            Files.createDirectories(agentGroup);
            record();
        }
        Path dir = Files.createDirectories(agentGroup.resolve(leaf));
        v1Dirs.add(dir);
        return dir;
    }

    /**
     * Ends every process in the group: cgroup.kill (Linux 5.14+), else SIGKILL to each pid, in
     * rounds. On the exit path: one read of cgroup.procs, and the write only when something is left
     * (the exit event waits for it).
     */
    static void kill(WorkerGroup g) {
        if (g.v2() != null) {
            killGroup(g.v2());
        } else {
            g.v1().forEach(WorkerCgroups::killGroup);
        }
    }

    /**
     * cgroup.kill, or (v1, a kernel before 5.14: no such file) SIGKILL to every pid of the group.
     * An empty group is left alone: nothing can enter it but by a move nobody makes, and the read
     * costs 0.01 ms where a cgroup.kill costs 0.5 ms (it takes the kernel's fork-blocking lock),
     * which is what a worker that left nothing behind would pay on its exit and its replacement.
     */
    static void killGroup(Path dir) {
        if (CgroupFiles.procs(dir).isEmpty()) {
            return;
        }
        if (CgroupFiles.writeQuietly(dir.resolve("cgroup.kill"), "1")) {
            return;
        }
        // v1 or a kernel before 5.14: a process may fork between the read and the kill, so repeat
        for (int round = 0; round < 20; round++) {
            List<Long> pids = CgroupFiles.procs(dir);
            if (pids.isEmpty()) {
                break;
            }
            pids.forEach(p -> Kill.kill(p, Kill.SIGKILL));
        }
    }

    /** "oom" when the kernel's OOM killer ended a process of the group; read before the group goes. */
    static String exitReason(WorkerGroup g) {
        if (!g.memoryLimit()) {
            return null; // no kernel memory limit of ours: the exit path reads nothing
        }
        List<Path> files = new ArrayList<>();
        if (g.v2() != null) {
            files.add(g.v2().resolve("memory.events"));
        }
        g.v1().forEach(d -> files.add(d.resolve("memory.oom_control")));
        for (Path f : files) {
            if (CgroupFiles.field(f, "oom_kill") > 0) {
                return "oom";
            }
        }
        return null;
    }

    /** rmdir of the worker's groups; false while a process is still in one (try again later). */
    static boolean remove(WorkerGroup g) {
        boolean gone = true;
        for (Path dir : g.dirs()) {
            gone &= CgroupFiles.remove(dir);
        }
        return gone;
    }

    /**
     * rmdir of an ended worker's groups once the kernel has ended all they held (ms after
     * cgroup.kill): tried now, then again on {@code later} with growing delays for a few seconds.
     */
    static void removeWhenEmpty(WorkerGroup g, Executor later, int attempt) {
        if (remove(g)) {
            return;
        }
        if (attempt >= 12) {
            log.warn("worker={} cgroup not removable yet: left to the agent's close", g.workerId());
            return;
        }
        CompletableFuture.delayedExecutor(5L << Math.min(attempt, 7), TimeUnit.MILLISECONDS, later)
                .execute(() -> removeWhenEmpty(g, later, attempt + 1));
    }

    /** Kills what is left in the agent's groups and removes them, waiting up to {@code waitMs}. */
    public void closeBlocking(long waitMs) {
        int left = endBlocking(agentGroups(), waitMs);
        if (left > 0) {
            log.warn("cgroup {}: {} group(s) could not be removed", name, left);
        }
        if (!agentGroups().isEmpty()) {
            recorder.accept(agentGroups().stream().filter(Files::exists).toList()); // what the next agent must end
        }
    }

    /**
     * The next agent's clean-up: everything in the groups a killed agent recorded is killed and
     * the groups removed. Only a path under a cgroup mount named as the agent names its groups
     * is touched: pids.json is not trusted to name any directory.
     *
     * @return how many processes were found running and killed
     */
    public static int endLeftoversBlocking(List<Path> recorded, CgroupLayout layout) {
        List<Path> ours = new ArrayList<>();
        int killed = 0;
        for (Path p : recorded) {
            if (!AGENT_GROUP.matcher(String.valueOf(p.getFileName())).matches() || !layout.underMount(p)
                    || !Files.isDirectory(p)) {
                log.debug("recorded cgroup not ours or gone, skipped path={}", p);
                continue;
            }
            ours.add(p);
            for (Path w : CgroupFiles.children(p)) {
                killed += CgroupFiles.procs(w).size();
                killGroup(w);
            }
            killed += CgroupFiles.procs(p).size();
            killGroup(p);
        }
        endBlocking(ours, 2_000);
        return killed;
    }

    /** Kills and removes each agent group with its worker groups; returns how many stayed. */
    private static int endBlocking(List<Path> agentGroups, long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        int left = 0;
        for (Path group : agentGroups) {
            List<Path> all = new ArrayList<>(CgroupFiles.children(group));
            all.add(group); // children first: a group with child groups cannot be removed
            for (Path dir : all) {
                while (!CgroupFiles.remove(dir) && System.nanoTime() < deadline) {
                    killGroup(dir);
                    pause();
                }
                left += Files.exists(dir) ? 1 : 0;
            }
        }
        return left;
    }

    /** Between rmdir attempts on a closing path: the kernel ends killed processes within ms. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Live workers' groups by main pid, for the samplers (several launchers may share a JVM). */
    private static final Map<Long, WorkerGroup> BY_PID = new ConcurrentHashMap<>();

    static void started(long pid, WorkerGroup g) {
        BY_PID.put(pid, g);
    }

    static void ended(long pid) {
        BY_PID.remove(pid);
    }

    /** The groups of the live worker whose main process is {@code pid}, or null. */
    static WorkerGroup ofPid(long pid) {
        return BY_PID.get(pid);
    }

    /**
     * {processes, cpu ticks, memory bytes} of a worker's whole group, or null without a v2 group:
     * the CPU time of every process the group ever held (v2 cpu.stat, kept without a controller),
     * the memory the kernel charges it (memory.current, or the v1 group's usage) when a memory
     * controller counts it, else -1 (the caller sums the resident memory of {@code procs}).
     */
    static long[] usage(WorkerGroup g, List<Long> procs) {
        if (g.v2() == null) {
            return null;
        }
        long usec = CgroupFiles.field(g.v2().resolve("cpu.stat"), "usage_usec");
        long memory = CgroupFiles.number(g.v2().resolve("memory.current"));
        for (Path d : g.v1()) {
            if (memory < 0) {
                memory = CgroupFiles.number(d.resolve("memory.usage_in_bytes"));
            }
        }
        procs.addAll(CgroupFiles.procs(g.v2()));
        return usec < 0 ? null : new long[] {procs.size(), usec / (1_000_000 / TreeSampler.CLK_TCK), memory};
    }

    /**
     * A worker's groups: its v2 group (or null), and its groups in v1 hierarchies (limits);
     * {@code memoryLimit}: a kernel memory limit is set, so an OOM kill is looked for at its exit.
     */
    record WorkerGroup(long workerId, Path v2, List<Path> v1, boolean memoryLimit) {
        WorkerGroup {
            v1 = List.copyOf(v1);
        }

        List<Path> dirs() {
            List<Path> all = new ArrayList<>(v1);
            if (v2 != null) {
                all.add(0, v2);
            }
            return all;
        }
    }
}
