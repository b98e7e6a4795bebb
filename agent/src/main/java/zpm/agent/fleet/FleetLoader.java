package zpm.agent.fleet;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the cluster jars (zpm-agent-cluster, vertx-hazelcast, hazelcast) and loads the fleet's
 * starter from them in a class loader of its own. They are never on the agent's classpath:
 * vertx-hazelcast merely present there would make every plain {@code Vertx.vertx()} load and
 * build a Hazelcast cluster manager (a Vert.x service provider). The child loader's parent is the
 * agent's loader, so the starter sees the agent's own Vert.x, Jackson and fleet interfaces.
 */
public final class FleetLoader {

    /** The directory of the cluster jars; bin/zpm-agent sets it for a clustered agent. */
    public static final String PROPERTY = "zpm.clusterLib";
    static final String STARTER = "zpm.cluster.HazelcastFleetStarter";
    static final String HOW = "run bin/zpm-agent, or pass -D" + PROPERTY + "=DIR (cluster/target/lib in a"
            + " checkout, lib/cluster in the release archive)";

    private FleetLoader() {
    }

    /**
     * The jars of {@code -Dzpm.clusterLib}. Blocking (lists a directory): called once at start, so
     * that an agent asked to cluster without its jars refuses to start instead of running alone.
     *
     * @throws IllegalStateException saying what is missing and how to give it
     */
    public static List<Path> jarsBlocking() {
        return jarsBlocking(System.getProperty(PROPERTY));
    }

    static List<Path> jarsBlocking(String dir) {
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("clustering needs the cluster jars (lib/cluster): " + HOW);
        }
        Path path = Path.of(dir).toAbsolutePath().normalize();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException("clustering needs the cluster jars (lib/cluster), and " + path + " cannot"
                    + " be read (" + e.getClass().getSimpleName() + "): " + HOW);
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("clustering needs the cluster jars (lib/cluster), and " + path
                    + " has no jar: " + HOW);
        }
        return jars;
    }

    /**
     * A new starter from {@code jars}, in a class loader named {@code zpm-cluster}. Blocking (opens
     * jars, loads and initialises classes): call it off the event loop.
     *
     * @throws IllegalStateException when the jars hold no usable starter
     */
    public static FleetStarter loadBlocking(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        try {
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the cluster jars cannot be named as URLs: " + e.getMessage(), e);
        }
        URLClassLoader loader = new URLClassLoader("zpm-cluster", urls, FleetLoader.class.getClassLoader());
        try {
            Class<?> type = Class.forName(STARTER, true, loader);
            return (FleetStarter) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new IllegalStateException("the cluster jars in " + jars.get(0).getParent() + " hold no usable "
                    + STARTER + " (" + e + "): rebuild them with this agent (mvn -DskipTests package)", e);
        }
    }
}
