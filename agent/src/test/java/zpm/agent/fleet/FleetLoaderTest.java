package zpm.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster jars are found by -Dzpm.clusterLib and loaded in a child class loader, or their absence is named. */
class FleetLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theStarterComesFromAChildLoaderOfTheAgentsOwn() throws Exception {
        Path lib = FakeClusterJar.build(dir);
        FleetStarter starter = FleetLoader.loadBlocking(FleetLoader.jarsBlocking(lib.toString()));
        ClassLoader loader = starter.getClass().getClassLoader();
        assertThat(starter.getClass().getName()).isEqualTo("zpm.cluster.HazelcastFleetStarter");
        assertThat(loader.getName()).isEqualTo("zpm-cluster");
        assertThat(loader.getParent()).isSameAs(FleetLoader.class.getClassLoader());
        assertThatThrownBy(() -> Class.forName("zpm.cluster.HazelcastFleetStarter"))
                .as("not on the agent's own classpath").isInstanceOf(ClassNotFoundException.class);
        ((java.net.URLClassLoader) loader).close(); // its jar stays open otherwise
    }

    @Test
    void withoutThePropertyOrTheJarsTheErrorSaysHowToGiveThem() throws Exception {
        assertThatThrownBy(() -> FleetLoader.jarsBlocking((String) null)).hasMessage("clustering needs the cluster"
                + " jars (lib/cluster): run bin/zpm-agent, or pass -Dzpm.clusterLib=DIR (cluster/target/lib in a"
                + " checkout, lib/cluster in the release archive)");
        assertThatThrownBy(() -> FleetLoader.jarsBlocking(dir.resolve("none").toString()))
                .hasMessageStartingWith("clustering needs the cluster jars (lib/cluster), and " + dir.resolve("none")
                        + " cannot be read (NoSuchFileException): run bin/zpm-agent");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> FleetLoader.jarsBlocking(empty.toString()))
                .hasMessageContaining(empty + " has no jar");
    }

    @Test
    void jarsWithoutTheStarterAreRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jar"), "not a jar");
        assertThatThrownBy(() -> FleetLoader.loadBlocking(java.util.List.of(junk)))
                .hasMessageStartingWith("the cluster jars in " + dir + " hold no usable zpm.cluster.HazelcastFleetStarter");
    }
}
