package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the agent's cgroups are, from mountinfo and /proc/self/cgroup fixtures of each shape. */
class CgroupLayoutTest {

    private static CgroupLayout fixture(String name) throws Exception {
        Path dir = Path.of(CgroupLayoutTest.class.getResource("/cgroup/" + name + ".mountinfo").toURI()).getParent();
        return CgroupLayout.detectBlocking(dir.resolve(name + ".mountinfo"), dir.resolve(name + ".cgroup"));
    }

    @Test
    void hybridHasAV2MountWithoutControllersAndV1HierarchiesPerController() throws Exception {
        CgroupLayout l = fixture("hybrid");

        assertThat(l.v2()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
        assertThat(l.v1()).containsEntry("memory",
                        Path.of("/sys/fs/cgroup/memory/process_api/4079307a472fdfa26c602f6347c97b1a"))
                .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu"))
                .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpuacct"))
                .containsEntry("pids", Path.of("/sys/fs/cgroup/pids"))
                .doesNotContainKey("");
        assertThat(l.underMount(Path.of("/sys/fs/cgroup/unified/zpm-1-1"))).isTrue();
        assertThat(l.underMount(Path.of("/sys/fs/cgroup/unified"))).as("the mount itself is not a group of ours")
                .isFalse();
        assertThat(l.underMount(Path.of("/etc/zpm-1-1"))).isFalse();
        assertThat(l.underMount(Path.of("/sys/fs/cgroup/unified/../../../etc/zpm-1-1"))).isFalse();
    }

    @Test
    void pureV2IsOneMountAndTheServicesPath() throws Exception {
        CgroupLayout l = fixture("v2");

        assertThat(l.v2()).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/zpm agent.service"));
        assertThat(l.v1()).isEmpty();
    }

    @Test
    void aContainersMountShowsTheHierarchyFromItsOwnRoot() throws Exception {
        CgroupLayout l = fixture("container");

        assertThat(l.v2()).isEqualTo(Path.of("/sys/fs/cgroup"));
    }

    @Test
    void noCgroupMountMeansNothingToUse() throws Exception {
        CgroupLayout l = fixture("none");

        assertThat(l.v2()).isNull();
        assertThat(l.v1()).isEmpty();
        assertThat(CgroupSupport.of(l).tracking()).isEqualTo(CgroupSupport.PROCESS_GROUP);
    }

    @Test
    void octalEscapesInMountPointsAreDecoded() {
        CgroupLayout l = CgroupLayout.parse("30 22 0:27 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n", "0::/a\n");

        assertThat(l.v2()).isEqualTo(Path.of("/sys/fs/my cgroup/a"));
        assertThat(l.v1()).isEqualTo(Map.of());
    }
}
