package zpm.agent.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A stand-in for the cluster jars, compiled by the test: a {@code zpm.cluster.HazelcastFleetStarter}
 * with no Hazelcast, whose start does what {@code -Dzpm.fakeFleet} says: {@code ok} (default)
 * joins a fleet of this node alone; {@code taken:FILE} fails as a duplicate name does, once FILE exists; {@code fail:N}
 * fails N times, then joins; {@code hang} never completes; {@code lose} joins, and the first
 * fleet then reports this node's own membership lost (as Hazelcast shutting its member down does). Each start prints one line to stdout naming its class loader.
 */
public final class FakeClusterJar {

    private static final String SOURCE = """
            package zpm.cluster;

            import io.vertx.core.Future;
            import java.util.concurrent.atomic.AtomicInteger;
            import zpm.agent.config.ClusterSettings;
            import zpm.agent.fleet.Alone;
            import zpm.agent.fleet.Fleet;
            import zpm.agent.fleet.FleetStarter;
            import zpm.agent.fleet.LocalNode;
            import zpm.agent.fleet.NodeChange;
            import zpm.agent.fleet.NodeView;

            public final class HazelcastFleetStarter implements FleetStarter {
                private static final AtomicInteger STARTS = new AtomicInteger();

                @Override
                public Future<Fleet> start(ClusterSettings settings, LocalNode local) {
                    int n = STARTS.incrementAndGet();
                    String mode = System.getProperty("zpm.fakeFleet", "ok");
                    System.out.println("fake fleet start " + n + " by " + getClass().getClassLoader().getName()
                            + " member " + settings.member() + " node " + local.name());
                    if (mode.startsWith("taken:")) {
                        // As a real refusal, seconds into the join: here once the test creates the file named.
                        io.vertx.core.Promise<Fleet> refused = io.vertx.core.Promise.promise();
                        local.vertx().setPeriodic(100, id -> local.vertx().fileSystem().exists(mode.substring(6))
                                .onSuccess(now -> {
                                    if (now && refused.tryFail(new zpm.agent.fleet.NodeNameTaken("node name "
                                            + local.name() + " is taken by the node at 127.0.0.1:15702;"
                                            + " choose another --node"))) {
                                        local.vertx().cancelTimer(id);
                                    }
                                }));
                        return refused.future();
                    }
                    if (mode.equals("hang")) {
                        return io.vertx.core.Promise.<Fleet>promise().future();
                    }
                    if (mode.startsWith("fail:") && n <= Integer.parseInt(mode.substring(5))) {
                        return Future.failedFuture(new IllegalStateException("fake join failure " + n));
                    }
                    Alone alone = new Alone(local.name(), local.version(), local.startedAtMs());
                    return Future.succeededFuture(mode.equals("lose") && n == 1 ? losing(alone, local) : alone);
                }

                /** Alone, except that a node listener hears, a moment after it registers, this node leave. */
                private static Fleet losing(Alone alone, LocalNode local) {
                    return (Fleet) java.lang.reflect.Proxy.newProxyInstance(Fleet.class.getClassLoader(),
                            new Class<?>[] {Fleet.class}, (proxy, method, args) -> {
                                if (method.getName().equals("onNodes")) {
                                    @SuppressWarnings("unchecked")
                                    java.util.function.Consumer<NodeChange> l =
                                            (java.util.function.Consumer<NodeChange>) args[0];
                                    NodeView self = alone.nodes().get(0);
                                    local.vertx().setTimer(200, id -> l.accept(new NodeChange(false, self,
                                            "fake member shut down")));
                                }
                                return method.invoke(alone, args);
                            });
                }
            }
            """;

    private FakeClusterJar() {
    }

    /** Compiles the fake starter against this test's classpath and writes {@code dir/fake-cluster.jar}. */
    public static Path build(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/zpm/cluster")).resolve("HazelcastFleetStarter.java");
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // javac in a process of its own: in this JVM it would leave jar files open, which the
        // in-process launcher tests would then find inherited by their workers.
        Path log = dir.resolve("javac.log");
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), src.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!javac.waitFor(120, TimeUnit.SECONDS) || javac.exitValue() != 0) {
                javac.destroyForcibly();
                throw new IOException("the fake starter did not compile: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            javac.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compiling the fake starter", e);
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path jar = lib.resolve("fake-cluster.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return lib;
    }

    /** The lib dir's jars. */
    public static List<Path> jars(Path lib) {
        return List.of(lib.resolve("fake-cluster.jar"));
    }
}
