package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.SpawnRequest;
import zpm.agent.os.RecordingFacts.Fact;

/**
 * Each worker in a cgroup of its own: a daemonized grandchild (double fork + setsid, out of the
 * worker's group and session, reparented away) still ends with the worker, and no group is left.
 * Skipped where this process cannot make a cgroup v2 group (not root, no writable cgroup2 mount).
 */
class WorkerCgroupsIT {

    /** The worker forks a subshell that starts a new session's sleep and exits: a daemon. */
    static final List<String> DAEMONIZING = List.of("sh", "-c", "(setsid sleep 100000 &) ; exec sleep 100000");

    @TempDir
    Path dir;

    private final WorkerLogs logs = new WorkerLogs();
    private final RecordingFacts facts = new RecordingFacts(logs);
    private final Pids pids = new Pids();
    private final ExecutorService context = Executors.newSingleThreadExecutor();
    private OsLauncher launcher;
    private PidRegistry registry;
    private Path agentGroup;

    static void assumeCgroupV2() {
        CgroupSupport s = CgroupSupport.systemBlocking();
        assumeTrue(s.tracking().equals(CgroupSupport.CGROUP_V2),
                "cgroup v2 is not writable here (" + s.layout().v2() + "): workers are tracked by process group");
    }

    @BeforeEach
    void start() throws IOException {
        assumeCgroupV2();
        registry = new PidRegistry(dir.resolve("state"));
        launcher = new OsLauncher(facts, context, logs, registry);
        agentGroup = launcher.cgroups().v2Group();
        assertThat(agentGroup).isDirectory();
    }

    @AfterEach
    void cleanUp() {
        if (launcher != null) {
            List<Path> groups = launcher.cgroups().agentGroups(); // v2, and v1 ones made for limits
            launcher.close();
            registry.close();
            assertThat(groups).as("the agent's cgroups are removed at close").contains(agentGroup)
                    .allSatisfy(g -> assertThat(g).doesNotExist());
        }
        pids.killAll();
        context.shutdownNow();
    }

    /** Spawns the daemonizing worker; returns {worker pid, daemon pid}, both tracked. */
    private long[] spawnDaemonizing(long id) {
        launcher.spawn(new SpawnRequest(id, "web", 0, DAEMONIZING, null, Map.of()));
        long pid = pids.track(facts.next("spawned", id).pid());
        Path group = agentGroup.resolve("w" + id);
        Await.until("the daemon runs in the worker's cgroup", () -> daemonOf(group, pid) > 0);
        long daemon = pids.track(daemonOf(group, pid));
        ProcStat d = ProcStat.read(daemon).orElseThrow();
        assertThat(d.session()).as("the daemon left the worker's session").isNotEqualTo(pid);
        assertThat(d.ppid()).as("and its parent").isNotEqualTo(pid);
        return new long[] {pid, daemon};
    }

    /** The sleep in the group that is not the worker and whose subshell parent has exited. */
    private static long daemonOf(Path group, long worker) {
        for (long p : CgroupFiles.procs(group)) {
            var s = ProcStat.read(p);
            if (p != worker && s.isPresent() && s.get().comm().equals("sleep") && s.get().session() == p) {
                return p;
            }
        }
        return -1;
    }

    @Test
    void killTreeEndsADaemonizedGrandchildAndRemovesTheWorkersGroup() {
        long[] p = spawnDaemonizing(1);

        launcher.killTree(1);

        Fact exited = facts.next("exited", 1);
        assertThat(exited.status().signal()).isEqualTo("KILL");
        Await.until("the daemon is gone", () -> pids.gone(p[1]));
        Await.until("the worker's group is removed", () -> !Files.exists(agentGroup.resolve("w1")));
    }

    @Test
    void aWorkerThatExitsByItselfTakesItsDaemonAlong() {
        launcher.spawn(new SpawnRequest(1, "web", 0,
                List.of("sh", "-c", "(setsid sleep 100000 &) ; sleep 0.5"), null, Map.of()));
        long pid = pids.track(facts.next("spawned", 1).pid());
        Path group = agentGroup.resolve("w1");
        Await.until("the daemon runs", () -> daemonOf(group, pid) > 0);
        long daemon = pids.track(daemonOf(group, pid));

        assertThat(facts.next("exited", 1).status().code()).isZero();
        Await.until("the daemon is gone", () -> pids.gone(daemon));
        Await.until("the worker's group is removed", () -> !Files.exists(group));
    }

    @Test
    void closeEndsEveryWorkersDaemonAndEveryGroup() {
        long[] a = spawnDaemonizing(1);
        long[] b = spawnDaemonizing(2);

        launcher.close();

        for (long pid : new long[] {a[0], a[1], b[0], b[1]}) {
            assertThat(pids.gone(pid)).as("pid %d", pid).isTrue();
        }
        assertThat(agentGroup).doesNotExist();
    }

    @Test
    void aWorkerPastLimitsMemoryMbIsEndedByTheKernelAndItsExitSaysOom() {
        assumeTrue(CgroupSupport.systemBlocking().controllers().containsKey("memory"), "no memory controller here");
        // tail keeps its last "line" in memory, and /dev/zero has no newline: it grows until stopped
        launcher.spawn(new SpawnRequest(1, "web", 0, List.of("tail", "/dev/zero"), null, Map.of(), false,
                new AppSpec.Limits(32, null)));
        pids.track(facts.next("spawned", 1).pid());

        Fact exited = facts.next("exited", 1);

        assertThat(exited.status().signal()).isEqualTo("KILL");
        assertThat(exited.status().reason()).isEqualTo("oom");
        Await.until("the worker's groups are removed", () -> !Files.exists(agentGroup.resolve("w1"))
                && launcher.cgroups().agentGroups().stream().noneMatch(g -> Files.exists(g.resolve("w1"))));
    }

    @Test
    void aBusyLoopWithCpuPercent20UsesWellUnderAWholeCpu() throws Exception {
        assumeTrue(CgroupSupport.systemBlocking().controllers().containsKey("cpu"), "no cpu controller here");
        launcher.spawn(new SpawnRequest(1, "web", 0, List.of("sh", "-c", "while :; do :; done"), null, Map.of(),
                false, new AppSpec.Limits(null, 20)));
        pids.track(facts.next("spawned", 1).pid());
        Path stat = agentGroup.resolve("w1").resolve("cpu.stat"); // v2 counts CPU time without a controller
        long before = CgroupFiles.field(stat, "usage_usec");
        long start = System.nanoTime();

        Await.until("3 s of the busy loop", java.time.Duration.ofSeconds(10),
                () -> System.nanoTime() - start > 3_000_000_000L);

        double cpus = (CgroupFiles.field(stat, "usage_usec") - before) * 1000.0 / (System.nanoTime() - start);
        System.out.println("busy loop under cpuPercent 20 used " + cpus + " CPUs");
        assertThat(cpus).as("share of one CPU").isBetween(0.05, 0.45);
        launcher.killTree(1);
        facts.next("exited", 1);
    }

    @Test
    void aWorkersFiguresComeFromItsGroupDaemonIncluded() {
        long[] p = spawnDaemonizing(1);

        // the worker and its daemon, which /proc's tree would miss (once the subshell between them exited)
        Await.until("the group's figures count 2 processes",
                () -> TreeSampler.sampleBlocking(List.of(p[0])).get(p[0]).processes() == 2);
        TreeSampler.TreeUsage use = TreeSampler.sampleBlocking(List.of(p[0])).get(p[0]);

        assertThat(SocketTable.treePidsBlocking(p[0])).hasSize(1);
        assertThat(use.rssBytes()).isPositive();
    }

    @Test
    void withAMemoryLimitTheMemoryFigureIsTheKernelsChargeOfTheGroup() {
        assumeTrue(CgroupSupport.systemBlocking().controllers().containsKey("memory"), "no memory controller here");
        launcher.spawn(new SpawnRequest(1, "web", 0, List.of("sleep", "100000"), null, Map.of(), false,
                new AppSpec.Limits(64, null)));
        long pid = pids.track(facts.next("spawned", 1).pid());
        WorkerCgroups.WorkerGroup g = WorkerCgroups.ofPid(pid);
        // in every group (a v1 memory group is joined by the prologue even where the spawn made it
        // in its v2 group) and running its command, whose pages are charged from its exec on
        Await.until("the worker in all its groups, running sleep", () -> g.dirs().stream()
                .allMatch(d -> CgroupFiles.procs(d).contains(pid)) && ProcessHandle.of(pid)
                .flatMap(h -> h.info().command()).map(c -> c.endsWith("/sleep")).orElse(false));
        Path charged = g.v2() != null && Files.exists(g.v2().resolve("memory.current"))
                ? g.v2().resolve("memory.current") : g.v1().get(0).resolve("memory.usage_in_bytes");

        long figure = TreeSampler.sampleBlocking(List.of(pid)).get(pid).rssBytes();

        assertThat(figure).isPositive().isCloseTo(CgroupFiles.number(charged),
                org.assertj.core.data.Percentage.withPercentage(50));
    }

    @Test
    void theNextAgentTouchesOnlyGroupsNamedAsAnAgentNamesThemUnderACgroupMount() throws IOException {
        Path notOurs = Files.createDirectory(agentGroup.getParent().resolve("not-zpm-" + ProcessHandle.current().pid()));
        Path outside = Files.createDirectory(dir.resolve("zpm-1-1"));
        try {
            int killed = WorkerCgroups.endLeftoversBlocking(List.of(notOurs, outside, Path.of("/sys/fs/cgroup")),
                    CgroupLayout.detectBlocking());

            assertThat(killed).isZero();
            assertThat(notOurs).isDirectory();
            assertThat(outside).isDirectory();
        } finally {
            CgroupFiles.remove(notOurs);
        }
    }

    @Test
    void theAgentsGroupsAreRecordedForTheNextAgent() throws IOException {
        spawnDaemonizing(1);
        registry.flushBlocking();

        PidRegistry.Snapshot snap = PidRegistry.readBlocking(dir.resolve("state"));

        assertThat(snap.cgroups()).containsExactly(agentGroup.toString());
    }
}
