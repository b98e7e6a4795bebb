package zpm.cluster.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How one fleet node is started: its name, directory (output, config), state directory, member
 * address, join list, config file, and optionally a wrapper command that ends by exec'ing its arguments (e.g.
 * {@code ip netns exec NS}), so that the agent's pid stays the process's.
 *
 * @param rpcHost where the node's JSON-RPC and HTTP servers listen (127.0.0.1 unless the node
 *                lives in another network namespace)
 */
public record NodeSpec(String name, Path dir, Path stateDir, String memberHost, int memberPort, List<String> join, Path config,
                       List<String> wrapper, List<String> extraArgs, String rpcHost) {

    /**
     * The JVM options of a clustered agent, as bin/zpm-agent gives them: a 128 MB heap and
     * metaspace (Hazelcast adds about 24 MB of metaspace), and the module openings Hazelcast asks
     * for (without them it warns about the "Java modular environment").
     */
    public static final List<String> CLUSTER_JVM_OPTIONS = List.of("-Xmx128m", "-XX:MaxMetaspaceSize=128m",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    public NodeSpec {
        join = List.copyOf(join);
        wrapper = List.copyOf(wrapper);
        extraArgs = List.copyOf(extraArgs);
    }

    /** A node on 127.0.0.1 with no wrapper and no extra flags. */
    public static NodeSpec local(String name, Path dir, int memberPort, List<String> join, Path config) {
        return new NodeSpec(name, dir, dir.resolve("state"), "127.0.0.1", memberPort, join, config, List.of(), List.of(), "127.0.0.1");
    }

    public NodeSpec withExtraArgs(String... args) {
        return new NodeSpec(name, dir, stateDir, memberHost, memberPort, join, config, wrapper, List.of(args), rpcHost);
    }

    public NodeSpec withWrapper(List<String> command, String rpcOn) {
        return new NodeSpec(name, dir, stateDir, memberHost, memberPort, join, config, command, extraArgs, rpcOn);
    }

    /** Another life of this node: same name, addresses and state directory, output in {@code newDir}. */
    public NodeSpec inDir(Path newDir) {
        return new NodeSpec(name, newDir, stateDir, memberHost, memberPort, join, config, wrapper, extraArgs, rpcHost);
    }

    public String member() {
        return memberHost + ":" + memberPort;
    }

    /**
     * {@code setsid env --default-signal=INT,HUP [wrapper] java ... zpm.agent.app.Main ...}: the
     * agent jar and its lib on the classpath (no cluster jar: the agent loads those itself from
     * {@code -Dzpm.clusterLib}), each node its own state directory, port 0 for RPC and HTTP.
     */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of("setsid", "env", "--default-signal=INT,HUP"));
        cmd.addAll(wrapper);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(CLUSTER_JVM_OPTIONS);
        cmd.add("-Dzpm.clusterLib=" + Checkout.clusterLib());
        cmd.addAll(List.of("-cp", Checkout.agentClasspath(), "zpm.agent.app.Main",
                "--state-dir", stateDir().toString(),
                "--rpc", rpcHost + ":0", "--http", rpcHost + ":0",
                "--node", name, "--cluster-host", memberHost, "--cluster-port", Integer.toString(memberPort),
                "--cluster-join", String.join(",", join),
                "--config", config.toString()));
        cmd.addAll(extraArgs);
        return cmd;
    }
}
