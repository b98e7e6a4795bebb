package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.os.CgroupLayout;
import zpm.agent.os.CgroupSupport;

/** {@code limits: {memoryMb, cpuPercent}}: read, checked, and refused where a controller is missing. */
class LimitsConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CgroupSupport BOTH = new CgroupSupport(CgroupSupport.CGROUP_V2, CgroupLayout.NONE,
            Map.of("memory", "v1", "cpu", "v1"));

    @TempDir
    Path dir;

    private static JsonNode app(String members) throws Exception {
        return JSON.readTree(("{'name': 'web', 'command': ['x'], " + members + "}").replace('\'', '"'));
    }

    @Test
    void limitsAreReadIntoTheSpec() throws Exception {
        AppSpec spec = new ConfigLoader(() -> 4, () -> BOTH)
                .parseApp(app("'limits': {'memoryMb': 256, 'cpuPercent': 20}"), "app", null);

        assertThat(spec.limits()).isEqualTo(new AppSpec.Limits(256, 20));
    }

    @Test
    void noLimitsNeverAsksTheMachine() throws Exception {
        AppSpec spec = new ConfigLoader(() -> 4, () -> {
            throw new AssertionError("cgroups looked up for an app without limits");
        }).parseApp(app("'size': 1"), "app", null);

        assertThat(spec.limits()).isEqualTo(AppSpec.Limits.NONE);
    }

    @Test
    void badValuesNameTheKeyAndTheRule() throws Exception {
        ConfigLoader loader = new ConfigLoader(() -> 4, () -> BOTH);

        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parseApp(
                app("'limits': {'memoryMb': 1, 'cpuPercent': 'half', 'disk': 3}"), "app", null)).problems())
                .containsExactlyInAnyOrder(
                        "app.limits.disk: unknown key (known keys: memoryMb, cpuPercent)",
                        "app.limits.memoryMb: must be a whole number >= 4 (got 1)",
                        "app.limits.cpuPercent: must be a whole number from 1 to 100000 (got \"half\")");
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.parseApp(
                app("'limits': 512"), "app", null)).problems()).singleElement().asString()
                .startsWith("app.limits: must be an object like {\"memoryMb\": 512, \"cpuPercent\": 50}");
    }

    /** The machine's cgroups come from a fake tree: v2 hands down no controller, v1 has memory only. */
    @Test
    void aConfigFileAskingForAMissingControllerIsRefusedWithWhatToDo() throws Exception {
        Path v2 = Files.createDirectories(dir.resolve("cg/unified"));
        Files.writeString(v2.resolve("cgroup.subtree_control"), "\n");
        Path memory = Files.createDirectories(dir.resolve("cg/memory"));
        CgroupSupport fake = CgroupSupport.of(new CgroupLayout(v2, Map.of("memory", memory), List.of(dir.resolve("cg"))));
        Path file = Files.writeString(dir.resolve("zpm.yaml"), """
                apps:
                  - name: busy
                    command: [sh, -c, "while :; do :; done"]
                    limits: {memoryMb: 64, cpuPercent: 20}
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(() -> 4, () -> fake).load(file));

        assertThat(e.problems()).singleElement().asString()
                .startsWith(file + ": apps[0].limits: cpuPercent needs the cpu controller, which this agent cannot use")
                .contains("remove limits from the app");
    }
}
