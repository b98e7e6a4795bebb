package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code agent.cluster} in the config file and the fleet's flags, with their checks. */
class ClusterConfigTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(() -> 2);

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private List<String> problems(Path file) {
        return catchThrowableOfType(ConfigException.class, () -> loader.load(file)).problems();
    }

    private static AgentSettings flags(String... args) {
        AgentOptions options = new AgentOptions();
        options.commandLine().parseArgs(args);
        return options.resolve().agent();
    }

    private Path pems() throws IOException {
        for (String f : List.of("a.crt", "a.key", "ca.crt")) {
            write(f, "-----BEGIN X-----\n");
        }
        return dir;
    }

    @Test
    void withoutTheSectionTheAgentIsAloneAndNamedAfterTheHost() throws Exception {
        AgentSettings agent = loader.load(write("c.yaml", "agent: {rpc: ':1'}\n")).agent();
        assertThat(agent.cluster()).isNull();
        assertThat(agent.node()).isEqualTo(AgentSettings.defaultNode());
        assertThat(flags().cluster()).isNull();
    }

    @Test
    void anEmptySectionClustersOnLoopbackWithTheDefaults() throws Exception {
        AgentSettings agent = loader.load(write("c.yaml", "agent: {cluster: {}}\n")).agent();
        assertThat(agent.cluster()).isEqualTo(ClusterSettings.defaults());
        assertThat(agent.cluster().member()).isEqualTo(new HostPort("127.0.0.1", 7710));
        assertThat(agent.cluster().join()).isEmpty();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        pems();
        AgentSettings agent = loader.load(write("c.yaml", """
                agent:
                  cluster:
                    node: b
                    host: 10.0.0.5
                    port: 7711
                    join: ["10.0.0.6:7710", "db.example:7712"]
                    tls: {cert: a.crt, key: a.key, ca: ca.crt}
                    heartbeatMs: 2000
                    failAfterMs: 9000
                    callTimeoutMs: 4000
                """)).agent();
        assertThat(agent.node()).isEqualTo("b");
        assertThat(agent.cluster()).isEqualTo(new ClusterSettings(new HostPort("10.0.0.5", 7711),
                List.of(new HostPort("10.0.0.6", 7710), new HostPort("db.example", 7712)),
                new ClusterSettings.Tls(dir.resolve("a.crt"), dir.resolve("a.key"), dir.resolve("ca.crt")),
                2000, 9000, 4000));
    }

    @Test
    void everyProblemOfTheSectionIsNamedAtOnce() throws Exception {
        Path file = write("c.yaml", """
                agent:
                  cluster:
                    nod: b
                    node: "b/1"
                    host: somehost
                    port: 0
                    join: ["10.0.0.6:7710-7712", "x"]
                    tls: {cert: a.crt}
                    heartbeatMs: -1
                """);
        assertThat(problems(file)).containsExactly(
                file + ": agent.cluster.nod: unknown key, did you mean \"node\"? (known keys: node, host, port, join, tls,"
                        + " heartbeatMs, failAfterMs, callTimeoutMs)",
                file + ": agent.cluster.node: \"b/1\" is not a node name: 1 to 63 letters, digits, '.', '_' or '-'"
                        + " (no '/': targets read NODE/APP)",
                file + ": agent.cluster.host: \"somehost\" is not an IP address: give the address of this host's"
                        + " interface the other nodes reach, e.g. 127.0.0.1 or 10.0.0.5 (Hazelcast binds by address)",
                file + ": agent.cluster.port: must be a whole number from 1 to 65535 (got 0)",
                file + ": agent.cluster.join[0]: bad member \"10.0.0.6:7710-7712\": a port range is not taken; name"
                        + " each member on its own (e.g. 10.0.0.5:7710, 10.0.0.5:7711)",
                file + ": agent.cluster.join[1]: bad address \"x\": no port (expected HOST:PORT, e.g. 127.0.0.1:7700,"
                        + " [::1]:7700, or :7700 for 127.0.0.1)",
                file + ": agent.cluster.tls.key: missing: the event bus's TLS needs cert (this node's certificate),"
                        + " key (its private key) and ca (the fleet's CA), each a PEM file",
                file + ": agent.cluster.tls.ca: missing: the event bus's TLS needs cert (this node's certificate),"
                        + " key (its private key) and ca (the fleet's CA), each a PEM file",
                file + ": agent.cluster.heartbeatMs: must be a whole number from 1 to 3600000 (got -1)");
    }

    /** The checks across fields run once the flags are in: through AgentOptions, as the agent reads its config. */
    private List<String> crossProblems(Path file, String... moreFlags) {
        List<String> args = new java.util.ArrayList<>(List.of("--config", file.toString()));
        args.addAll(List.of(moreFlags));
        return catchThrowableOfType(ConfigException.class, () -> flags(args.toArray(String[]::new))).problems();
    }

    @Test
    void beyondLoopbackTheFileMustGiveTls() throws Exception {
        Path host = write("h.yaml", "agent: {cluster: {host: 10.1.2.3}}\n");
        assertThat(crossProblems(host)).containsExactly("agent.cluster: the fleet's event bus must run TLS beyond"
                + " loopback: give agent.cluster.tls {cert, key, ca} (not loopback: host 10.1.2.3; flags:"
                + " --cluster-tls-cert, --cluster-tls-key, --cluster-tls-ca)");
        Path join = write("j.yaml", "agent: {cluster: {join: ['127.0.0.1:7711', 'other:7710']}}\n");
        assertThat(crossProblems(join)).singleElement().asString().contains("(not loopback: join other:7710;");
        assertThat(flags("--config", write("ok.yaml", "agent: {cluster: {join: ['localhost:7711', '[::1]:7712']}}\n")
                .toString()).cluster().tls()).isNull();
    }

    @Test
    void flagsMayMendWhatTheFileLacks() throws Exception {
        pems();
        Path host = write("h.yaml", "agent: {cluster: {host: 10.1.2.3}}\n");
        assertThat(flags("--config", host.toString(), "--cluster-host", "127.0.0.1").cluster().member().host())
                .isEqualTo("127.0.0.1");
        assertThat(flags("--config", host.toString(), "--cluster-tls-cert", dir.resolve("a.crt").toString(),
                "--cluster-tls-key", dir.resolve("a.key").toString(), "--cluster-tls-ca", dir.resolve("ca.crt").toString())
                .cluster().tls()).isNotNull();
    }

    @Test
    void tlsFilesMustBeReadableAndAWildcardHostIsRefused() throws Exception {
        Path file = write("c.yaml", "agent: {cluster: {host: 10.0.0.5, tls: {cert: no.crt, key: no.key, ca: no.ca}}}\n");
        assertThat(crossProblems(file)).containsExactly(
                "agent.cluster.tls.cert: " + dir.resolve("no.crt") + ": no such file (a PEM file)",
                "agent.cluster.tls.key: " + dir.resolve("no.key") + ": no such file (a PEM file)",
                "agent.cluster.tls.ca: " + dir.resolve("no.ca") + ": no such file (a PEM file)");
        Path any = write("any.yaml", "agent: {cluster: {host: 0.0.0.0}}\n");
        assertThat(problems(any)).singleElement().asString().contains("\"0.0.0.0\" is every interface");
    }

    @Test
    void failAfterMustExceedTheHeartbeat() throws Exception {
        Path file = write("c.yaml", "agent: {cluster: {heartbeatMs: 5000, failAfterMs: 5000}}\n");
        assertThat(crossProblems(file)).containsExactly("agent.cluster.failAfterMs: must be more than heartbeatMs"
                + " (5000), or every member looks dead between two heartbeats (got 5000)");
    }

    @Test
    void nodeAloneOnlyNamesTheAgent() {
        AgentSettings agent = flags("--node", "web-1.eu_west");
        assertThat(agent.node()).isEqualTo("web-1.eu_west");
        assertThat(agent.cluster()).isNull();
    }

    @Test
    void anyOfJoinHostOrPortTurnsClusteringOn() {
        assertThat(flags("--cluster-port", "7720").cluster().member()).isEqualTo(new HostPort("127.0.0.1", 7720));
        assertThat(flags("--cluster-host", "127.0.0.2").cluster().member()).isEqualTo(new HostPort("127.0.0.2", 7710));
        assertThat(flags("--cluster-join", "127.0.0.1:7711, :7712").cluster().join())
                .containsExactly(new HostPort("127.0.0.1", 7711), new HostPort("127.0.0.1", 7712));
    }

    @Test
    void flagsOverTheFileKeyByKey() throws Exception {
        pems();
        Path file = write("c.yaml", "agent: {cluster: {node: a, port: 7711, join: ['127.0.0.1:7712'],"
                + " tls: {cert: a.crt, key: a.key, ca: ca.crt}, callTimeoutMs: 900}}\n");
        AgentSettings agent = flags("--config", file.toString(), "--node", "b", "--cluster-host", "10.0.0.5",
                "--cluster-join", "10.0.0.6:7710");
        assertThat(agent.node()).isEqualTo("b");
        assertThat(agent.cluster()).isEqualTo(new ClusterSettings(new HostPort("10.0.0.5", 7711),
                List.of(new HostPort("10.0.0.6", 7710)),
                new ClusterSettings.Tls(dir.resolve("a.crt"), dir.resolve("a.key"), dir.resolve("ca.crt")),
                1000, 5000, 900));
    }

    @Test
    void tlsFlagsSecureAFleetBeyondLoopback() throws Exception {
        pems();
        AgentSettings agent = flags("--cluster-host", "10.0.0.5", "--cluster-tls-cert", dir.resolve("a.crt").toString(),
                "--cluster-tls-key", dir.resolve("a.key").toString(), "--cluster-tls-ca", dir.resolve("ca.crt").toString());
        assertThat(agent.cluster().tls().ca()).isEqualTo(dir.resolve("ca.crt"));
        assertThatThrownBy(() -> flags("--cluster-host", "10.1.2.3")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the fleet's event bus must run TLS beyond loopback: give agent.cluster.tls");
        assertThatThrownBy(() -> flags("--cluster-port", "7710", "--cluster-tls-cert", "a.crt"))
                .hasMessage("--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together: give all three"
                        + " PEM files");
        assertThatThrownBy(() -> flags("--cluster-tls-cert", "a", "--cluster-tls-key", "b", "--cluster-tls-ca", "c"))
                .hasMessageContaining("give --cluster-join, --cluster-host or --cluster-port");
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertThatThrownBy(() -> flags("--node", "a/b")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("\"a/b\" is not a node name");
        assertThatThrownBy(() -> flags("--node", "x".repeat(64))).hasMessageContaining("is not a node name");
        assertThatThrownBy(() -> flags("--cluster-join", "h:5701-5703"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("a port range is not taken");
        assertThatThrownBy(() -> flags("--cluster-join", "h:0")).hasMessageContaining("name the member's cluster port");
        assertThatThrownBy(() -> flags("--cluster-port", "70000")).hasMessageContaining("must be a port from 1 to 65535");
        assertThatThrownBy(() -> flags("--cluster-host", "::")).hasMessageContaining("is every interface");
    }
}
