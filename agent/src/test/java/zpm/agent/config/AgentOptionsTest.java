package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentOptionsTest {

    @TempDir
    Path dir;

    private static AgentOptions parse(String... args) {
        AgentOptions options = new AgentOptions();
        options.commandLine().parseArgs(args);
        return options;
    }

    @Test
    void noConfigMeansDefaultsAndNoApps() {
        ZpmConfig config = parse().resolve();
        assertThat(config).isEqualTo(ZpmConfig.empty());
        assertThat(config.source()).isNull();
    }

    @Test
    void flagsOverrideTheFilesAgentSection() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "agent: {rpc: ':1000', http: ':1001', stateDir: s,"
                + " tokenFile: t, logLevel: warn}\napps: [{name: a, command: [x]}]\n");
        ZpmConfig config = parse("--config", file.toString(), "--rpc", "0.0.0.0:2000", "--state-dir", "/var/zpm",
                "--log-level", "DEBUG").resolve();
        assertThat(config.agent()).isEqualTo(new AgentSettings(HostPort.parse("0.0.0.0:2000"),
                HostPort.parse(":1001"), Path.of("/var/zpm"), dir.resolve("t"), "debug"));
        assertThat(config.apps()).hasSize(1);
        assertThat(config.source()).isEqualTo(file);
    }

    @Test
    void everyFlagIsRead() {
        ZpmConfig config = parse("--rpc", ":1", "--http", "[::1]:2", "--state-dir", "st", "--token-file", "/k",
                "--log-level", "trace").resolve();
        assertThat(config.agent()).isEqualTo(new AgentSettings(HostPort.parse(":1"), HostPort.parse("[::1]:2"),
                Path.of("st").toAbsolutePath(), Path.of("/k"), "trace"));
    }

    @Test
    void tcpMigrateIsAFlagOverAnOffDefault() {
        assertThat(parse().resolve().agent().tcpMigrate()).isFalse();
        assertThat(parse("--tcp-migrate").resolve().agent().tcpMigrate()).isTrue();
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertThatThrownBy(() -> parse("--rpc", "7700"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("bad address \"7700\"");
        assertThatThrownBy(() -> parse("--log-level", "loud"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("must be one of trace, debug, info, warn, error, off");
        assertThatThrownBy(() -> parse("--colour")).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void problemsInTheFileAreAConfigException() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> parse("--config", missing.toString()).resolve())
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void executeHandsBackTheConfigAndHelpDoesNotExit() {
        CommandLine cli = new AgentOptions().commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--http", ":9")).isZero();
        assertThat(cli.<ZpmConfig>getExecutionResult().agent().http()).isEqualTo(HostPort.parse(":9"));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("zpm-agent", "--config=FILE", "--rpc=HOST:PORT", "--token-file=F");
        assertThat(cli.execute("--version")).isZero();
        assertThat(out.toString()).contains("zpm-agent ");
    }

    @Test
    void stateDirFollowsXdgAndTheTokenLivesInIt() {
        assertThat(AgentSettings.defaultStateDir(Map.of("XDG_STATE_HOME", "/x"), "/home/u")).isEqualTo(Path.of("/x/zpm"));
        assertThat(AgentSettings.defaultStateDir(Map.of("XDG_STATE_HOME", "rel"), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/state/zpm"));
        assertThat(AgentSettings.defaultStateDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/state/zpm"));
        AgentSettings settings = new AgentSettings(null, null, Path.of("/s"), null, null);
        assertThat(settings.tokenPath()).isEqualTo(Path.of("/s/token"));
        assertThat(settings.withTokenFile(Path.of("/t")).tokenPath()).isEqualTo(Path.of("/t"));
        assertThat(settings.rpc()).isEqualTo(new HostPort("127.0.0.1", 7700));
        assertThat(settings.http()).isEqualTo(new HostPort("127.0.0.1", 7701));
        assertThat(settings.logLevel()).isEqualTo("info");
    }
}
