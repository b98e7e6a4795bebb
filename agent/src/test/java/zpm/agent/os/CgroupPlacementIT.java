package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;

/**
 * How a worker gets into its cgroup, seen the moment posix_spawn returns (the child has exec'd
 * its first program by then): created in it by the spawn itself where glibc has
 * posix_spawnattr_setcgroup_np (2.39+), else by the shell prologue, which is still the first
 * program at that moment. The glibc 2.39+ cases are skipped on an older C library; to run them
 * there, start the test JVM on a newer glibc: {@code .ci/newer-glibc-check}.
 */
class CgroupPlacementIT {

    private static final List<String> SLEEP = List.of("sleep", "100000");

    @TempDir
    Path dir;

    private WorkerCgroups cgroups;
    private final List<NativeSpawn.Child> children = new ArrayList<>();
    private final List<WorkerCgroups.WorkerGroup> groups = new ArrayList<>();

    @BeforeEach
    void open() {
        WorkerCgroupsIT.assumeCgroupV2();
        cgroups = WorkerCgroups.open(CgroupSupport.systemBlocking(), recorded -> { });
        assertThat(cgroups.v2Group()).isDirectory();
    }

    @AfterEach
    void close() {
        for (NativeSpawn.Child c : children) {
            Kill.kill(c.pid(), Kill.SIGKILL);
            LibC.waitpid(c.pid(), new int[1], 0);
            NativeSpawn.closeAll(c.stdout(), c.stderr(), c.pidfd());
        }
        groups.forEach(WorkerCgroups::remove);
        if (cgroups != null) {
            cgroups.closeBlocking(5_000);
            assertThat(cgroups.v2Group()).doesNotExist();
        }
    }

    private NativeSpawn.Child spawn(CgroupPlacement placement, WorkerCgroups.WorkerGroup g) throws Exception {
        NativeSpawn.Child c = placement.spawn(g, "/bin/sleep", SLEEP, SpawnWrapper.bare(), System.getenv(), null);
        children.add(c);
        return c;
    }

    private WorkerCgroups.WorkerGroup group(long id) throws IOException {
        WorkerCgroups.WorkerGroup g = cgroups.prepare(id, AppSpec.Limits.NONE);
        groups.add(g);
        return g;
    }

    private static String proc(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/" + file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The program a process runs; "" while it is between two programs (mid-exec) or has exited. */
    private static String argv0(long pid) {
        String cmdline = proc(pid, "cmdline");
        int end = cmdline.indexOf('\0');
        return end < 0 ? "" : cmdline.substring(0, end);
    }

    /** The v2 line of /proc/PID/cgroup: "0::/path" (the only line on a pure v2 host). */
    private static String v2Cgroup(long pid) {
        return proc(pid, "cgroup").lines().filter(l -> l.startsWith("0::")).findFirst().orElseThrow().substring(3);
    }

    private static String relative(Path group) {
        return "/" + CgroupSupport.systemBlocking().layout().v2().relativize(group);
    }

    @Test
    void theSpawnCreatesTheWorkerInsideItsGroupWithNoProgramBeforeItsCommand() throws Exception {
        assumeTrue(CgroupPlacement.spawnAvailable(),
                "this C library has no posix_spawnattr_setcgroup_np (glibc 2.39+): workers are placed by a shell prologue");
        assertThat(cgroups.placementMode()).isEqualTo(CgroupPlacement.BY_SPAWN);
        WorkerCgroups.WorkerGroup g = group(1);
        NativeSpawn.Child c = spawn(cgroups.placement(), g);
        // read as soon as the spawn returned: no migration could have happened yet
        assertThat(v2Cgroup(c.pid())).isEqualTo(relative(g.v2()));
        // its argv shows once the exec that released the spawn has set it up
        Await.until("the child's program is known", () -> !argv0(c.pid()).isEmpty());
        assertThat(argv0(c.pid())).as("the worker's own command is the first program the child runs").isEqualTo("sleep");
        assertThat(Files.readString(g.v2().resolve("cgroup.procs")).trim()).isEqualTo(Long.toString(c.pid()));
    }

    @Test
    void theShellProloguePutsTheCommandInsideTheGroup() throws Exception {
        WorkerCgroups.WorkerGroup g = group(2);
        NativeSpawn.Child c = spawn(new CgroupPlacement(false), g);
        assertThat(cgroups.placementMode()).as("what agent.info reports")
                .isEqualTo(CgroupPlacement.spawnAvailable() ? CgroupPlacement.BY_SPAWN : CgroupPlacement.BY_SHELL);
        Await.until("the command runs in the group", () -> argv0(c.pid()).equals("sleep")
                && v2Cgroup(c.pid()).equals(relative(g.v2())));
    }

    @Test
    void aGroupTheKernelRefusesToCreateIntoFallsBackToThePrologueForGood() throws Exception {
        assumeTrue(CgroupPlacement.spawnAvailable(),
                "this C library has no posix_spawnattr_setcgroup_np (glibc 2.39+): nothing to fall back from");
        // a directory outside cgroupfs: clone3 answers EBADF, as a kernel without CLONE_INTO_CGROUP would refuse
        Path notACgroup = Files.createDirectory(dir.resolve("not-a-cgroup"));
        WorkerCgroups.WorkerGroup bogus = new WorkerCgroups.WorkerGroup(3, notACgroup, List.of(), false);
        CgroupPlacement placement = new CgroupPlacement(true);
        NativeSpawn.Child c = spawn(placement, bogus);
        assertThat(placement.mode()).isEqualTo(CgroupPlacement.BY_SHELL);
        Await.until("the prologue wrote itself into the group's cgroup.procs, then ran the command",
                () -> argv0(c.pid()).equals("sleep"));
        assertThat(Files.readString(notACgroup.resolve("cgroup.procs")).trim()).isEqualTo("0");
    }

    @Test
    void processGroupTrackingCanBeAskedForToMeasureWhatTheGroupsCost() {
        System.setProperty("zpm.processTracking", CgroupSupport.PROCESS_GROUP);
        try {
            WorkerCgroups without = WorkerCgroups.open(CgroupSupport.systemBlocking(), recorded -> { });
            assertThat(without.tracking()).isEqualTo(CgroupSupport.PROCESS_GROUP);
            assertThat(without.v2Group()).isNull();
            assertThat(without.placementMode()).isNull();
        } finally {
            System.clearProperty("zpm.processTracking");
        }
    }
}
