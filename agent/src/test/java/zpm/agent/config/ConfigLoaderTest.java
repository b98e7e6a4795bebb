package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.ProbeSpec.Type;
import zpm.agent.core.RestartPolicy;
import zpm.agent.core.Signal;

/** Whole files: formats, the sample files, defaults, paths, and file-level problems. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(() -> 6);

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> problems(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(file)).problems();
    }

    private static Path sample(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void jsonAndYamlSamplesGiveTheSameConfig() throws Exception {
        ZpmConfig yaml = loader.load(sample("full.yaml"));
        ZpmConfig json = loader.load(sample("full.json"));
        assertThat(yaml.agent()).isEqualTo(json.agent());
        assertThat(yaml.apps()).isEqualTo(json.apps());
        assertThat(yaml.source()).isEqualTo(sample("full.yaml"));
    }

    @Test
    void sampleReadsEveryKey() throws Exception {
        Path base = sample("full.yaml").getParent();
        ZpmConfig config = loader.load(sample("full.yaml"));
        assertThat(config.agent()).isEqualTo(new AgentSettings(HostPort.parse("127.0.0.1:17700"),
                HostPort.parse("[::1]:17701"), base.resolve("state"), base.resolve("state/agent.token"), "debug"));
        AppSpec web = config.apps().get(0);
        assertThat(web).isEqualTo(new AppSpec("web", List.of("java", "-Xmx256m", "-jar", "app.jar"),
                base.resolve("web").toString(),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfile.encoding=UTF-8", "THREADS", "4", "VERSION", "1.10"),
                2, 8080, RestartPolicy.ON_FAILURE, new BackoffSpec(500, 8000, 10_000, 2), 1000, 3000,
                new ProbeSpec(Type.TCP, null, null, List.of(), 20_000, 50, 3),
                new ProbeSpec(Type.HTTP, null, "/health", List.of(), 1000, 5000, 5),
                512, List.of(base.resolve("web/build/libs").toString()), Signal.INT, AppSpec.Limits.NONE));
        AppSpec worker = config.apps().get(1);
        assertThat(worker.size()).isEqualTo(6);
        assertThat(worker.readiness().type()).isEqualTo(Type.NOTIFY);
        assertThat(worker.liveness().command()).containsExactly("python3", "check.py");
        assertThat(config.apps().get(2).restart()).isEqualTo(RestartPolicy.NEVER);
        assertThat(config.apps().get(2).cwd()).isEqualTo("/tmp");
    }

    @Test
    void fillsDefaults() throws Exception {
        ZpmConfig config = loader.load(write("c.json", "{\"apps\": [{\"name\": \"a\", \"command\": [\"x\"]}]}"));
        assertThat(config.agent()).isEqualTo(AgentSettings.defaults());
        AppSpec app = config.apps().get(0);
        assertThat(app).isEqualTo(AppSpec.of("a", 1, List.of("x")));
        assertThat(app.readiness()).isEqualTo(new ProbeSpec(Type.NONE, null, null, List.of(), 30_000, 100, 3));
        assertThat(app.liveness()).isNull();
        assertThat(app.backoff()).isEqualTo(new BackoffSpec(1000, 16_000, 5000));
        assertThat(app.minRestartAgeMs()).isEqualTo(2000);
        assertThat(app.killTimeoutMs()).isEqualTo(5000);
    }

    @Test
    void emptyObjectAndNullSectionsMeanDefaults() throws Exception {
        assertThat(loader.load(write("c.json", "{}"))).isEqualTo(
                new ZpmConfig(AgentSettings.defaults(), List.of(), dir.resolve("c.json")));
        assertThat(loader.load(write("c.yaml", "agent:\napps:\n")).apps()).isEmpty();
    }

    @Test
    void cpusMeansTheProcessorCount() throws Exception {
        String app = "{\"apps\": [{\"name\": \"a\", \"command\": [\"x\"], \"size\": \"cpus\"}]}";
        assertThat(loader.load(write("c.json", app)).apps().get(0).size()).isEqualTo(6);
        assertThat(new ConfigLoader().load(write("d.json", app)).apps().get(0).size())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void relativePathsResolveAgainstTheConfigFilesDirectory() throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Path file = write("etc/c.yaml", "agent: {stateDir: ../state, tokenFile: tok}\n"
                + "apps:\n- {name: a, command: [x], cwd: ../apps/a, watch: [src, /abs]}\n"
                + "- {name: b, command: [x], watch: [lib]}\n");
        ZpmConfig config = loader.load(file);
        assertThat(config.agent().stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.agent().tokenFile()).isEqualTo(dir.resolve("etc/tok"));
        assertThat(config.apps().get(0).cwd()).isEqualTo(dir.resolve("apps/a").toString());
        assertThat(config.apps().get(0).watch()).containsExactly(dir.resolve("apps/a/src").toString(), "/abs");
        assertThat(config.apps().get(1).watch()).containsExactly(dir.resolve("etc/lib").toString());
    }

    @Test
    void tildeIsTheHomeDirectory() throws Exception {
        ZpmConfig config = loader.load(write("c.yaml", "agent: {stateDir: ~/zpm-state}\n"));
        assertThat(config.agent().stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), "zpm-state"));
    }

    @Test
    void yamlScalarsKeepTheirTextUnlessWrittenAsJson() throws Exception {
        ZpmConfig config = loader.load(write("c.yaml", "apps:\n- name: a\n  command: [sleep, 10, yes, 0x1F]\n"
                + "  env: {MODE: 0755, DEBUG: no, RATIO: 1.50, N: 3, ON: true}\n"));
        AppSpec app = config.apps().get(0);
        assertThat(app.command()).containsExactly("sleep", "10", "yes", "0x1F");
        assertThat(app.env()).containsExactlyInAnyOrderEntriesOf(
                Map.of("MODE", "0755", "DEBUG", "no", "RATIO", "1.50", "N", "3", "ON", "true"));
        assertThat(problems(write("d.yaml", "apps:\n- {name: a, command: [x], size: 010}\n")))
                .containsExactly(dir.resolve("d.yaml") + ": apps[0].size: must be a whole number >= 0 or \"cpus\" (got \"010\")");
    }

    @Test
    void otherExtensionsTryJsonThenYaml() throws Exception {
        assertThat(loader.load(write("zpm.conf", "{\"apps\": [{\"name\": \"a\", \"command\": [\"x\"]}]}")).apps())
                .hasSize(1);
        assertThat(loader.load(write("zpm.cfg", "apps:\n  - {name: a, command: [x]}\n")).apps()).hasSize(1);
        assertThat(problems(write("zpm.txt", "apps: [\n")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("malformed JSON"))
                .anySatisfy(p -> assertThat(p).contains("malformed YAML"));
    }

    @Test
    void sizesStopAtTheLimitPerAppAndPerAgent() throws Exception {
        Path big = write("big.yaml", "apps:\n  - {name: a, command: [x], size: 100000}\n");
        assertThat(problems(big)).containsExactly(
                big + ": apps[0].size: must be at most 10000 (the limit of workers per app) (got 100000)");
        Path many = write("many.yaml", "apps:\n  - {name: a, command: [x], size: 10000}\n"
                + "  - {name: b, command: [x], size: 10000}\n  - {name: c, command: [x], size: 1}\n");
        assertThat(problems(many)).containsExactly(many + ": apps: the sizes add up to 20001 workers; "
                + "one agent runs at most 20000 in all (at most 10000 per app)");
    }

    @Test
    void tcpMigrateIsOffUnlessTheOperatorSaysSo() throws Exception {
        assertThat(loader.load(write("d.yaml", "apps: []\n")).agent().tcpMigrate()).isFalse();
        assertThat(loader.load(write("on.yaml", "agent: {tcpMigrate: true}\n")).agent().tcpMigrate()).isTrue();
        Path bad = write("bad.yaml", "agent: {tcpMigrate: yes please}\n");
        assertThat(problems(bad)).containsExactly(bad + ": agent.tcpMigrate: must be true or false (got \"yes please\")");
    }

    @Test
    void reportsAMissingFile() {
        Path file = dir.resolve("nope.yaml");
        assertThat(problems(file)).containsExactly(file + ": no such file");
    }

    @Test
    void reportsAnUnreadableFile() throws Exception {
        Path file = write("c.yaml", "apps: []\n");
        Files.setPosixFilePermissions(file, Set.of());
        assumeFalse(Files.isReadable(file), "root reads every file");
        assertThat(problems(file)).containsExactly(file + ": cannot read: permission denied");
    }

    @Test
    void reportsADirectory() {
        assertThat(problems(dir)).containsExactly(dir + ": is a directory, not a config file");
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() throws Exception {
        Path file = write("c.json", "{\"apps\": [\n  {\"name\": \"a\",}\n]}");
        assertThat(problems(file)).singleElement().asString()
                .startsWith(file + ": line 2, column 16: malformed JSON: Unexpected character ('}'");
    }

    @Test
    void reportsMalformedYamlWithLineAndColumn() throws Exception {
        Path file = write("c.yaml", "apps:\n  - name: web\n   command: [x]\n");
        assertThat(problems(file)).containsExactly(file + ": line 3, column 4: malformed YAML: expected <block end>, "
                + "but found '<block mapping start>' (while parsing a block collection at line 2, column 3)");
        Path tab = write("t.yaml", "apps:\n\t- name: x\n");
        assertThat(problems(tab)).singleElement().asString().startsWith(tab + ": line 2, column 1: malformed YAML: ");
    }

    @Test
    void duplicateKeysAndSecondDocumentsAreMalformed() throws Exception {
        assertThat(problems(write("c.json", "{\"apps\": [], \"apps\": []}"))).singleElement().asString()
                .contains("line 1, column 20: malformed JSON: Duplicate field 'apps'");
        assertThat(problems(write("c.yaml", "apps:\n  - name: a\n    name: b\n"))).singleElement().asString()
                .contains("line 3, column 9: malformed YAML: Duplicate field 'name'");
        assertThat(problems(write("d.yaml", "apps: []\n---\napps: []\n"))).singleElement().asString()
                .contains("line 3, column 1: malformed YAML: a second document");
    }

    @Test
    void topLevelMustBeAnObject() throws Exception {
        Path file = write("c.json", "[1, 2]");
        assertThat(problems(file)).containsExactly(file + ": must be an object with the keys agent, apps (got a list)");
        Path empty = write("c.yaml", "# nothing yet\n");
        assertThat(problems(empty)).containsExactly(empty + ": the file is empty (expected an object with the keys agent, apps)");
    }

    @Test
    void tlsNeedsBothFilesAndResolvesThemAgainstTheConfigFile() throws Exception {
        Path half = write("t.yaml", "agent: {tlsCert: cert.pem}\n");
        assertThat(problems(half)).containsExactly(half + ": agent.tlsKey: TLS needs both tlsCert and tlsKey (PEM files); give the other one too");
        Path both = write("t2.yaml", "agent: {tlsCert: cert.pem, tlsKey: key.pem}\n");
        AgentSettings s = new ConfigLoader().load(both).agent();
        assertThat(s.tlsCert()).isEqualTo(both.getParent().resolve("cert.pem").toAbsolutePath().normalize());
        assertThat(s.tlsKey().getFileName().toString()).isEqualTo("key.pem");
    }

    @Test
    void unknownTopLevelAndAgentKeysAreNamed() throws Exception {
        Path file = write("c.yaml", "agnet: {}\nagent: {rcp: ':1', logLevel: loud, rpc: 'x'}\napps: {}\n");
        assertThat(problems(file)).containsExactly(
                file + ": agnet: unknown key, did you mean \"agent\"? (known keys: agent, apps)",
                file + ": agent.rcp: unknown key, did you mean \"rpc\"? (known keys: rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs, cluster)",
                file + ": agent.rpc: bad address \"x\": no port (expected HOST:PORT, e.g. 127.0.0.1:7700, [::1]:7700, "
                        + "or :7700 for 127.0.0.1)",
                file + ": agent.logLevel: must be one of trace, debug, info, warn, error, off (got \"loud\")",
                file + ": apps: must be a list of apps (got an object)");
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() throws Exception {
        Path file = write("cluster.yaml", "apps:\n"
                + "  - {name: web, command: [x], restrt: always}\n"
                + "  - {name: api, command: [x], size: -1}\n"
                + "  - {name: web, command: [x]}\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(file));
        assertThat(e.problems()).containsExactly(
                file + ": apps[0].restrt: unknown key, did you mean \"restart\"? (known keys: name, command, cwd, env, "
                        + "size, port, restart, backoff, minRestartAgeMs, killTimeout, readiness, liveness, maxMemoryMb, watch, "
                        + "stopSignal, limits, logs, user, group, autostart)",
                file + ": apps[1].size: must be a whole number >= 0 or \"cpus\" (got -1)",
                file + ": apps[2].name: duplicate app name \"web\" (also apps[0])");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }

    /** Path.of throws on a NUL character: a config with one used to end the start in a stack trace. */
    @Test
    void aPathWithANulCharacterIsAProblemNamingItsKey() throws Exception {
        Path file = write("c.json", "{\"agent\": {\"stateDir\": \"a\\u0000b\"}, \"apps\": [{\"name\": \"a\","
                + " \"command\": [\"x\"], \"cwd\": \"\\u0000\", \"watch\": [\"w\\u0000\"]}]}");
        assertThat(problems(file)).containsExactly(
                file + ": agent.stateDir: must be a path without a NUL character (\\u0000)",
                file + ": apps[0].cwd: must be a path without a NUL character (\\u0000)",
                file + ": apps[0].watch[0]: must be a path without a NUL character (\\u0000)");
    }

    /** SnakeYAML's decoding failure used to reach the user as "java.io.CharConversionException: ...". */
    @Test
    void aYamlFileThatIsNotUtf8SaysSo() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.write(file, new byte[]{'a', 'p', 'p', 's', ':', ' ', (byte) 0xC3, '(', '\n'});
        assertThat(problems(file)).singleElement().asString().startsWith(file + ": not UTF-8: ")
                .endsWith("; save the file as UTF-8").doesNotContain("Exception");
    }
}
