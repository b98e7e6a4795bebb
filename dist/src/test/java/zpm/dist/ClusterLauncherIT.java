package zpm.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/zpm-agent} gives a clustered agent's JVM, and only a clustered one: the cluster
 * jars' folder ({@code -Dzpm.clusterLib}), a 128 MB heap and metaspace, Hazelcast's --add-opens,
 * and no lone agent's class archive. {@code java} and {@code mvn} are stand-ins on PATH that record
 * their arguments, so no JVM starts and nothing is built.
 */
class ClusterLauncherIT {

    private static final String CLUSTER_OPTS = "-Xmx128m -XX:MaxMetaspaceSize=128m -Dzpm.clusterLib=%s --add-modules"
            + " java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"
            + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED"
            + " --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";

    @TempDir
    Path tmp;
    private Path path;
    private Map<String, String> env;

    @BeforeEach
    void standIns() throws IOException {
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        // Records each run; makes the archive a -Xshare:dump asks for, as the real one would.
        Path java = executable(tools.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve("java.args") + "'\n"
                + "for a in \"$@\"; do case \"$a\" in -XX:SharedArchiveFile=*) f=${a#*=} ;; -Xshare:dump) d=1 ;; esac; done\n"
                + "[ -n \"$d\" ] && : > \"$f\"\nexit 0\n");
        path = Shell.pathWith(tmp.resolve("path"), java, "bash", "env", "readlink", "dirname", "mkdir", "mktemp", "mv",
                "rm", "grep", "tee", "sed", "tail");
        executable(path.resolve("mvn"), "#!/bin/sh\necho \"$@\" >> '" + tmp.resolve("mvn.args") + "'\n");
        env = Map.of("PATH", path.toString(), "HOME", tmp.toString(), "TMPDIR", tmp.toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    @AfterEach
    void removePath() throws IOException {
        Shell.removePath(path);
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The java command line of the launcher's last JVM (the agent's). */
    private String agentCommand(Path launcher, String... args) throws Exception {
        Shell.Result r = Shell.run(tmp, env, java.util.stream.Stream.concat(java.util.stream.Stream.of(launcher.toString()),
                java.util.stream.Stream.of(args)).toList());
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> runs = Files.readAllLines(tmp.resolve("java.args"));
        return runs.get(runs.size() - 1);
    }

    private Path install() throws IOException {
        Path root = tmp.resolve("zpm");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("lib/cluster"));
        Files.copy(Path.of(System.getProperty("zpm.checkout", "..")).resolve("bin/zpm-agent"),
                root.resolve("bin/zpm-agent"));
        Files.writeString(root.resolve("lib/zpm-agent.jar"), "");
        return root;
    }

    @Test
    void onlyAClusteredAgentGetsTheClusterJarsAndABiggerHeap() throws Exception {
        Path root = install();
        Path launcher = root.resolve("bin/zpm-agent");
        String lone = agentCommand(launcher, "--node", "b", "--rpc", ":7700");
        assertThat(lone).contains("-Xmx96m", "-XX:SharedArchiveFile=").doesNotContain("zpm.clusterLib", "--add-opens")
                .endsWith("zpm.agent.app.Main --node b --rpc :7700");

        String clustered = String.format(CLUSTER_OPTS, root.resolve("lib/cluster"));
        for (List<String> args : List.of(List.of("--cluster-port", "7710"), List.of("--cluster-join=127.0.0.1:7711"),
                List.of("--node", "b", "--cluster-host", "127.0.0.1"))) {
            String command = agentCommand(launcher, args.toArray(String[]::new));
            assertThat(command).as(args.toString()).contains(clustered).doesNotContain("SharedArchiveFile")
                    .endsWith("zpm.agent.app.Main " + String.join(" ", args));
        }
    }

    @Test
    void aClusterKeyInTheConfigFileCountsToo() throws Exception {
        Path launcher = install().resolve("bin/zpm-agent");
        Path yaml = Files.writeString(tmp.resolve("fleet.yaml"), "agent:\n  cluster:\n    port: 7711\napps: []\n");
        Path json = Files.writeString(tmp.resolve("fleet.json"), "{\"agent\": {\"cluster\": {}}}");
        Path flow = Files.writeString(tmp.resolve("flow.yaml"), "agent: {rpc: ':1', cluster: {port: 7712}}\n");
        Path lone = Files.writeString(tmp.resolve("lone.yaml"), "agent: {rpc: ':1'}\napps: []\n");
        assertThat(agentCommand(launcher, "--config", yaml.toString())).contains("-Dzpm.clusterLib=");
        assertThat(agentCommand(launcher, "--config=" + json)).contains("-Dzpm.clusterLib=");
        assertThat(agentCommand(launcher, "--config", flow.toString())).contains("-Dzpm.clusterLib=");
        assertThat(agentCommand(launcher, "--config", lone.toString())).doesNotContain("-Dzpm.clusterLib=");
    }

    @Test
    void inACheckoutTheClusterModuleIsBuiltWhenAFleetIsAskedForAndItsJarsAreMissing() throws Exception {
        Path root = tmp.resolve("clone");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("agent/target/lib"));
        Files.createDirectories(root.resolve("examples/target"));
        Path checkout = Path.of(System.getProperty("zpm.checkout", ".."));
        Files.copy(checkout.resolve("bin/zpm-agent"), root.resolve("bin/zpm-agent"));
        Files.copy(checkout.resolve("bin/.build-checkout"), root.resolve("bin/.build-checkout"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.writeString(root.resolve("agent/target/zpm-agent.jar"), "");
        Files.writeString(root.resolve("examples/target/zpm-examples.jar"), "");
        Path launcher = root.resolve("bin/zpm-agent");

        agentCommand(launcher, "--version");
        assertThat(tmp.resolve("mvn.args")).as("a lone agent builds nothing").doesNotExist();
        String command = agentCommand(launcher, "--cluster-port", "7710");
        assertThat(Files.readString(tmp.resolve("mvn.args"))).contains("-DskipTests", "package");
        assertThat(command).contains("-Dzpm.clusterLib=" + root.resolve("cluster/target/lib"));
    }
}
