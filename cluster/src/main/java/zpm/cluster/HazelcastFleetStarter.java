package zpm.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import zpm.agent.config.ClusterSettings;
import zpm.agent.fleet.Fleet;
import zpm.agent.fleet.FleetStarter;
import zpm.agent.fleet.LocalNode;

import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;

/**
 * Joins the fleet: a clustered Vert.x of its own beside the agent's (one event loop, two
 * workers), so supervision, RPC and the agent's local bus never wait for or depend on the
 * cluster. The agent loads this class by name from the cluster jars (a class loader of its own)
 * only when clustering is asked for.
 */
public final class HazelcastFleetStarter implements FleetStarter {

    public HazelcastFleetStarter() {
    }

    @Override
    public Future<Fleet> start(ClusterSettings settings, LocalNode local) {
        quietLogs();
        HazelcastClusterManager cluster = new HazelcastClusterManager(HazelcastConfigs.hazelcast(settings, local.name()));
        Promise<Vertx> built = Promise.promise();
        // A thread of its own, neither an event loop of the agent (the first TLS set-up blocked
        // one 2.7 s under load, and the clustered Vert.x loads thousands of classes) nor one of
        // its workers (Vert.x warns when a Vert.x is built on another one's thread).
        Thread starter = new Thread(() -> {
            try {
                if (settings.tls() != null) {
                    warmTls();
                }
                Vertx.builder().with(HazelcastConfigs.vertx(settings, local.name())).withClusterManager(cluster)
                        .buildClustered().onComplete(built);
            } catch (GeneralSecurityException | RuntimeException e) {
                built.fail(e);
            }
        }, "zpm-fleet-start");
        starter.setDaemon(true);
        starter.start();
        return built.future().compose(vertx -> join(vertx, cluster, local));
    }

    /**
     * Deploys the fleet on the clustered Vert.x; on failure closes that Vert.x again. The result
     * is a promise of no context: a future bound to the clustered Vert.x's context would never
     * call back once that Vert.x is closed.
     */
    private static Future<Fleet> join(Vertx vertx, HazelcastClusterManager cluster, LocalNode local) {
        HazelcastFleet fleet = new HazelcastFleet(cluster, local);
        Promise<Fleet> joined = Promise.promise();
        vertx.deployVerticle(fleet).onComplete(ar -> {
            if (ar.succeeded()) {
                joined.complete(fleet);
            } else {
                vertx.close().onComplete(x -> joined.fail(ar.cause()));
            }
        });
        return joined.future();
    }

    /** Builds one TLS context so the JDK's TLS and crypto classes are ready before the first handshake. */
    static void warmTls() throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, null, null);
        tls.createSSLEngine().getSupportedCipherSuites();
    }

    /**
     * Hazelcast logs ~100 INFO lines per start (logo, member lists): warnings only, unless the
     * operator set the level. slf4j-simple reads a logger's level when the logger is made, which
     * is after this (Hazelcast makes its loggers as it starts).
     */
    static void quietLogs() {
        quiet("com.hazelcast", "warn");
        // A member that leaves logs a stack trace per connection it had; the fleet logs the leave.
        quiet("com.hazelcast.internal.server.tcp.TcpServerConnection", "error");
        quiet("com.hazelcast.internal.server.tcp.TcpServerConnectionErrorHandler", "error");
    }

    private static void quiet(String logger, String level) {
        String key = "org.slf4j.simpleLogger.log." + logger;
        if (System.getProperty(key) == null) {
            System.setProperty(key, level);
        }
    }
}
