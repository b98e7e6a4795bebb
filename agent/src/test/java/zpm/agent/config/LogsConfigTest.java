package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.logfiles.Rotation;

/** {@code agent.logs}, an app's {@code logs} and {@code --log-dir}: read, defaulted, and refused by key. */
class LogsConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ZpmConfig load(String yaml, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        AgentOptions options = new AgentOptions();
        options.commandLine().parseArgs(all);
        return options.resolve();
    }

    @Test
    void defaultsAreTheStateDirsLogsAndTenMegabytesTimesSix() throws Exception {
        ZpmConfig config = load("agent: {stateDir: s}\n");
        assertThat(config.agent().logDir()).isEqualTo(dir.resolve("s/logs"));
        assertThat(Rotation.DEFAULT.with(config.agent().logs().rotation()))
                .isEqualTo(new Rotation(10_485_760, 5, false, false));
    }

    @Test
    void theAgentsSettingsAndAnAppsOverrideAreRead() throws Exception {
        ZpmConfig config = load("agent: {logs: {dir: l, maxBytes: 10MB, keep: 3, compress: true, daily: true}}\n"
                + "apps: [{name: web, command: [x], logs: {maxBytes: 512KB, keep: 0}}]\n");
        Rotation agent = Rotation.DEFAULT.with(config.agent().logs().rotation());
        assertThat(config.agent().logDir()).isEqualTo(dir.resolve("l"));
        assertThat(agent).isEqualTo(new Rotation(10L << 20, 3, true, true));
        AppSpec web = config.apps().get(0);
        assertThat(web.logs()).isEqualTo(new AppSpec.LogRotation(512L << 10, 0, null, null));
        assertThat(agent.with(web.logs())).isEqualTo(new Rotation(512L << 10, 0, true, true));
    }

    @Test
    void noneTurnsFilesOffAndTheFlagWins() throws Exception {
        assertThat(load("agent: {logs: {dir: none}}\n").agent().logDir()).isNull();
        assertThat(load("agent: {logs: {dir: l}}\n", "--log-dir", "none").agent().logDir()).isNull();
        assertThat(load("agent: {logs: {dir: none}}\n", "--log-dir", "/var/log/zpm").agent().logDir())
                .isEqualTo(Path.of("/var/log/zpm"));
    }

    @Test
    void sizesTakeUnits() {
        assertThat(LogsReader.parseSize("4096")).isEqualTo(4096);
        assertThat(LogsReader.parseSize("512KB")).isEqualTo(512 * 1024);
        assertThat(LogsReader.parseSize("10mb")).isEqualTo(10 * 1024 * 1024);
        assertThat(LogsReader.parseSize("1 GB")).isEqualTo(1L << 30);
        assertThat(LogsReader.parseSize("ten")).isNull();
        assertThat(LogsReader.parseSize("1.5MB")).isNull();
    }

    @Test
    void badValuesNameTheKey() throws Exception {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(
                "agent: {logs: {maxBytes: 12, keep: -1, compress: yes please, colour: red}}\n"));
        assertThat(e.problems()).extracting(p -> p.substring(p.indexOf(": ") + 2)).containsExactlyInAnyOrder(
                "agent.logs.colour: unknown key (known keys: dir, maxBytes, keep, compress, daily)",
                "agent.logs.maxBytes: must be a size in bytes from 1024 to 1TB: a whole number or a string like "
                        + "\"512KB\", \"10MB\", \"1GB\" (KB = 1024 bytes) (got 12)",
                "agent.logs.keep: must be a whole number from 0 to 1000 (rotated files kept; 0 = none) (got -1)",
                "agent.logs.compress: must be true or false (got \"yes please\")");
        JsonNode app = JSON.readTree("{\"name\": \"web\", \"command\": [\"x\"], \"logs\": {\"dir\": \"/x\", \"maxBytes\": \"lots\"}}");
        assertThat(catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().parseApp(app, "app", null))
                .problems()).containsExactlyInAnyOrder(
                "app.logs.dir: unknown key (known keys: maxBytes, keep, compress, daily)",
                "app.logs.maxBytes: must be a size in bytes from 1024 to 1TB: a whole number or a string like "
                        + "\"512KB\", \"10MB\", \"1GB\" (KB = 1024 bytes) (got \"lots\")");
    }
}
