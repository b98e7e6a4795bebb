package zpm.agent.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import zpm.agent.core.AppSpec;

/**
 * What the cgroups this agent runs in let it do: track each worker's whole tree in a v2 group of
 * its own ({@link #CGROUP_V2}) or only by process group and session ({@link #PROCESS_GROUP}); and
 * which limit controllers ({@code memory}, {@code cpu}) it can use, from v2 or a v1 hierarchy.
 *
 * <p>A v2 controller is usable when the agent's own cgroup hands it down ({@code memory} in its
 * {@code cgroup.subtree_control}): the agent's groups are children of that cgroup, and the kernel's
 * no-internal-process rule forbids enabling it there while the agent itself lives in it.
 *
 * @param tracking    {@link #CGROUP_V2} or {@link #PROCESS_GROUP}
 * @param layout      where the hierarchies are
 * @param controllers "memory" / "cpu" to "v2" or "v1" (absent: not available)
 */
public record CgroupSupport(String tracking, CgroupLayout layout, Map<String, String> controllers) {

    public static final String CGROUP_V2 = "cgroup-v2";
    public static final String PROCESS_GROUP = "process-group";
    static final List<String> LIMIT_CONTROLLERS = List.of("memory", "cpu");

    private static volatile CgroupSupport system;

    public CgroupSupport {
        controllers = Map.copyOf(controllers);
    }

    /** This machine's, detected once (blocking: a few small /proc and cgroupfs reads). */
    public static CgroupSupport systemBlocking() {
        CgroupSupport s = system;
        if (s == null) {
            s = of(CgroupLayout.detectBlocking());
            system = s;
        }
        return s;
    }

    /** What {@code layout} allows; blocking (reads cgroupfs). */
    public static CgroupSupport of(CgroupLayout layout) {
        boolean v2 = layout.v2() != null && Files.isDirectory(layout.v2()) && Files.isWritable(layout.v2());
        String handedDown = v2 ? CgroupFiles.readOr(layout.v2().resolve("cgroup.subtree_control"), "") : "";
        Map<String, String> controllers = new LinkedHashMap<>();
        for (String c : LIMIT_CONTROLLERS) {
            Path v1 = layout.v1().get(c);
            if (List.of(handedDown.trim().split(" ")).contains(c)) {
                controllers.put(c, "v2");
            } else if (v1 != null && Files.isDirectory(v1) && Files.isWritable(v1)) {
                controllers.put(c, "v1");
            }
        }
        return new CgroupSupport(v2 ? CGROUP_V2 : PROCESS_GROUP, layout, controllers);
    }

    /**
     * Why {@code limits} cannot be enforced here, naming what is missing and what to do; null
     * when they can.
     */
    public String refusal(AppSpec.Limits limits) {
        List<String> missing = new ArrayList<>();
        if (limits.memoryMb() != null && !controllers.containsKey("memory")) {
            missing.add("memoryMb needs the memory controller");
        }
        if (limits.cpuPercent() != null && !controllers.containsKey("cpu")) {
            missing.add("cpuPercent needs the cpu controller");
        }
        if (missing.isEmpty()) {
            return null;
        }
        return String.join(" and ", missing) + ", which this agent cannot use (" + where() + "): run the agent as"
                + " root with a writable cgroup v2 whose cgroup.subtree_control enables it, or a writable v1"
                + " hierarchy for it, or remove limits from the app";
    }

    /** For the refusal: what was found. */
    private String where() {
        if (layout.v2() == null && layout.v1().isEmpty()) {
            return "no cgroup mount in /proc/self/mountinfo";
        }
        return "v2 " + (layout.v2() == null ? "not mounted" : layout.v2() + (tracking.equals(CGROUP_V2)
                ? "" : " not writable")) + ", v1 controllers " + layout.v1().keySet();
    }
}
