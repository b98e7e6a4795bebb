package zpm.cluster.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build left the jars the fleet's JVMs run: the tests run in cluster/, the build's output beside it. */
public final class Checkout {

    private Checkout() {
    }

    /** The repository root: the first directory up from the working directory with agent/target/zpm-agent.jar. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("agent/target/zpm-agent.jar"))) {
                return d;
            }
        }
        throw new IllegalStateException("agent/target/zpm-agent.jar not found above " + dir
                + ": build with 'mvn -B verify -pl cluster -am' from the repository root");
    }

    /** The lone agent's classpath: its jar and lib/*, no Hazelcast on it. */
    public static String agentClasspath() {
        Path agent = root().resolve("agent/target");
        return agent.resolve("zpm-agent.jar") + ":" + agent.resolve("lib") + "/*";
    }

    /** cluster/target/lib: zpm-agent-cluster.jar, vertx-hazelcast and hazelcast, for -Dzpm.clusterLib. */
    public static Path clusterLib() {
        Path lib = root().resolve("cluster/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " missing: the cluster module's package phase writes it");
        }
        return lib;
    }
}
