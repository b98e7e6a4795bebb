package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;

/** Which limits can be enforced, read from a fake cgroup tree in a temp directory. */
class CgroupSupportTest {

    @TempDir
    Path dir;

    @Test
    void v2ControllersHandedDownAreUsedFromV2() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("unified/agent.service"));
        Files.writeString(v2.resolve("cgroup.subtree_control"), "cpu memory pids\n");

        CgroupSupport s = CgroupSupport.of(new CgroupLayout(v2, Map.of(), List.of(dir.resolve("unified"))));

        assertThat(s.tracking()).isEqualTo(CgroupSupport.CGROUP_V2);
        assertThat(s.controllers()).isEqualTo(Map.of("memory", "v2", "cpu", "v2"));
        assertThat(s.refusal(new AppSpec.Limits(64, 20))).isNull();
    }

    @Test
    void hybridTakesMemoryAndCpuFromV1WhenV2HasNone() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("unified"));
        Files.writeString(v2.resolve("cgroup.subtree_control"), "\n");
        Path memory = Files.createDirectories(dir.resolve("memory"));
        Path cpu = Files.createDirectories(dir.resolve("cpu"));

        CgroupSupport s = CgroupSupport.of(new CgroupLayout(v2, Map.of("memory", memory, "cpu", cpu), List.of()));

        assertThat(s.controllers()).isEqualTo(Map.of("memory", "v1", "cpu", "v1"));
    }

    @Test
    void aMissingControllerRefusesTheLimitNamingWhatIsMissingAndWhatToDo() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("unified"));
        Files.writeString(v2.resolve("cgroup.subtree_control"), "pids\n");
        Path memory = Files.createDirectories(dir.resolve("memory"));

        CgroupSupport s = CgroupSupport.of(new CgroupLayout(v2, Map.of("memory", memory), List.of()));

        assertThat(s.refusal(new AppSpec.Limits(64, null))).isNull();
        assertThat(s.refusal(new AppSpec.Limits(64, 20)))
                .startsWith("cpuPercent needs the cpu controller, which this agent cannot use")
                .contains("v1 controllers [memory]").contains("remove limits from the app");
    }

    @Test
    void withoutAnyCgroupEveryLimitIsRefusedAndTrackingIsByProcessGroup() {
        CgroupSupport s = CgroupSupport.of(CgroupLayout.NONE);

        assertThat(s.tracking()).isEqualTo(CgroupSupport.PROCESS_GROUP);
        assertThat(s.refusal(new AppSpec.Limits(64, 20))).isEqualTo("memoryMb needs the memory controller and "
                + "cpuPercent needs the cpu controller, which this agent cannot use (no cgroup mount in "
                + "/proc/self/mountinfo): run the agent as root with a writable cgroup v2 whose "
                + "cgroup.subtree_control enables it, or a writable v1 hierarchy for it, or remove limits from the app");
        assertThat(s.refusal(AppSpec.Limits.NONE)).isNull();
    }
}
