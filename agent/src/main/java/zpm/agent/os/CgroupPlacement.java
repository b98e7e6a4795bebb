package zpm.agent.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker enters its cgroups before its command runs, so that everything it ever forks
 * starts inside them. Two ways, the first where the C library offers it:
 * <ul>
 * <li>{@link #BY_SPAWN}: glibc 2.39+ {@code posix_spawnattr_setcgroup_np}, i.e. {@code clone3}
 * with {@code CLONE_INTO_CGROUP} (Linux 5.7+): the child is created in its v2 group. No
 * migration, no extra program: a start costs what it costs without cgroups.</li>
 * <li>{@link #BY_SHELL}: a {@code /bin/sh} prologue writes "0" (itself) into each group's
 * {@code cgroup.procs}, then execs the command. Exact too, but the child pays one more exec and
 * a migration, which takes the kernel's fork-blocking cgroup lock (0.3 to 1.3 ms measured). Writing
 * the pid from the agent after posix_spawn was measured to land after the worker's own exec in
 * most starts, so a double-forking daemon could escape: not an option.</li>
 * </ul>
 * v1 groups (limits on a hybrid machine) always take the prologue: {@code CLONE_INTO_CGROUP}
 * knows only v2. {@code -Dzpm.cgroupPlacement=shell} forces the prologue (to compare the two).
 */
final class CgroupPlacement {

    static final String BY_SPAWN = "clone-into-cgroup";
    static final String BY_SHELL = "shell-prologue";
    static final String SHELL = "/bin/sh";
    /** Each argument up to "--" is a cgroup.procs file; a failed write ends the start (no untracked run). */
    private static final String PLACE_SCRIPT =
            "while [ \"$1\" != -- ]; do echo 0 >\"$1\" || exit 126; shift; done; shift; exec \"$@\"";
    /**
     * What clone3 answers when the kernel cannot create into a group: ENOSYS (no clone3, Linux
     * before 5.3), EINVAL (no CLONE_INTO_CGROUP, before 5.7), EOPNOTSUPP, EBADF. The prologue
     * then takes over for good.
     */
    private static final Set<Integer> UNSUPPORTED = Set.of(38, 22, 95, 9);
    private static final Logger log = LoggerFactory.getLogger(CgroupPlacement.class);

    private volatile boolean bySpawn;

    CgroupPlacement(boolean bySpawn) {
        this.bySpawn = bySpawn;
    }

    /** By the spawn where glibc has it and nobody asked for the prologue. */
    static CgroupPlacement detect() {
        return new CgroupPlacement(spawnAvailable());
    }

    static boolean spawnAvailable() {
        return LibC.spawnsIntoCgroup() && !"shell".equals(System.getProperty("zpm.cgroupPlacement"));
    }

    /** {@link #BY_SPAWN} or {@link #BY_SHELL}: for agent.info. */
    String mode() {
        return bySpawn ? BY_SPAWN : BY_SHELL;
    }

    /**
     * Starts {@code command} (its program already resolved to {@code exe}) in group {@code g}
     * (none when null), under the wrapper's prefix.
     */
    NativeSpawn.Child spawn(WorkerCgroups.WorkerGroup g, String exe, List<String> command, SpawnWrapper wrapper,
                            Map<String, String> env, String cwd) throws NativeSpawn.Failure {
        if (g != null && g.v2() != null && bySpawn) {
            try {
                return g.v1().isEmpty() ? start(wrapper, exe, command, env, cwd, g)
                        : start(wrapper, SHELL, prologue(g.v1(), command), env, cwd, g);
            } catch (NativeSpawn.Failure f) {
                if (!UNSUPPORTED.contains(f.errno())) {
                    throw f;
                }
                bySpawn = false;
                log.warn("starting a process inside its cgroup failed ({}): workers are placed by a {} prologue from now on",
                        f.getMessage(), SHELL);
            }
        }
        return g == null ? start(wrapper, exe, command, env, cwd, null)
                : start(wrapper, SHELL, prologue(g.dirs(), command), env, cwd, null);
    }

    /** {@code path} is what {@code argv} runs; under a wrapper, setpriv execs argv on the worker's PATH. */
    private static NativeSpawn.Child start(SpawnWrapper wrapper, String path, List<String> argv,
                                           Map<String, String> env, String cwd, WorkerCgroups.WorkerGroup into)
            throws NativeSpawn.Failure {
        if (!wrapper.prefix().isEmpty()) {
            argv = wrapper.wrap(argv);
            path = argv.get(0);
        }
        return NativeSpawn.spawn(path, argv, env, cwd, into == null ? null : into.v2());
    }

    private static List<String> prologue(List<Path> dirs, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(SHELL, "-c", PLACE_SCRIPT, "zpm-place"));
        dirs.forEach(d -> argv.add(d.resolve("cgroup.procs").toString()));
        argv.add("--");
        argv.addAll(command);
        return argv;
    }
}
