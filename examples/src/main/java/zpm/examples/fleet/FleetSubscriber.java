package zpm.examples.fleet;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A plain Vert.x service in a zpm fleet: it joins the fleet's cluster as one more member and
 * prints {@code node seq type app} for every lifecycle event any node publishes on
 * {@code zpm.events} (or {@code zpm.events.<app>} with {@code --app}). No zpm code: the events
 * are {@link JsonObject}s on the clustered event bus, as docs/protocol.md writes them.
 *
 * <pre>
 * java -cp "examples/target/zpm-examples.jar:examples/target/lib/*:examples/target/lib-fleet/*" \
 *   zpm.examples.fleet.FleetSubscriber --join 127.0.0.1:7710,127.0.0.1:7711 --port 7790 \
 *   --cert sub.pem --key sub.key --ca ca.pem
 * </pre>
 *
 * The fleet's event bus runs TLS with client certificates: this service needs a certificate
 * signed by the fleet's CA, or it gets no events. Events go to stdout, one line each; what the
 * service itself says goes to stderr.
 */
public final class FleetSubscriber {

    /** Held: JUL keeps loggers weakly, and Hazelcast's INFO lines are a hundred per start. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private FleetSubscriber() {
    }

    public static void main(String[] args) throws Exception {
        SubscriberArgs a = SubscriberArgs.parse(args);
        HAZELCAST_LOG.setLevel(Level.WARNING);
        Vertx vertx = Vertx.builder().with(vertxOptions(a)).withClusterManager(new HazelcastClusterManager(hazelcast(a)))
                .buildClustered().await(120, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> leave(vertx)));
        String address = a.app() == null ? "zpm.events" : "zpm.events." + a.app();
        vertx.eventBus().<JsonObject>consumer(address, msg -> print(msg.body())).completion().await(60, TimeUnit.SECONDS);
        System.err.println("fleet-subscriber: member " + a.host() + ":" + a.port() + " of cluster zpm, consuming " + address);
    }

    /** Leaves the cluster at SIGTERM/SIGINT, so the others need not wait for the heartbeat timeout. */
    private static void leave(Vertx vertx) {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("fleet-subscriber: leaving the cluster: " + e);
        }
    }

    /** {@code node seq type app} ({@code -} for an event without an app, such as node-joined). */
    static String line(JsonObject event) {
        String app = event.getString("app");
        return event.getString("node") + " " + event.getValue("seq") + " " + event.getString("type") + " "
                + (app == null ? "-" : app);
    }

    private static void print(JsonObject event) {
        System.out.println(line(event));
        System.out.flush();
    }

    /** The event bus on the member's interface, any free port, TLS with the fleet CA's certificates. */
    static VertxOptions vertxOptions(SubscriberArgs a) {
        VertxOptions vo = new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2);
        EventBusOptions eb = vo.getEventBusOptions().setHost(a.host()).setPort(0);
        if (a.cert() != null) {
            eb.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(a.cert()).setKeyPath(a.key()))
                    .setTrustOptions(new PemTrustOptions().addCertPath(a.ca()))
                    .setClientAuth(ClientAuth.REQUIRED);
        }
        return vo;
    }

    /**
     * What a zpm node sets too (docs/fleet.md): cluster name "zpm", TCP-IP join only, the member
     * endpoint of the advanced network alone (the port then speaks no Hazelcast client protocol),
     * bound to the given interface only ({@code socket.bind.any} is true by default, which binds
     * every interface), heartbeat 1 s and removal after 5 s, merges after 10 s, no phone-home.
     */
    static Config hazelcast(SubscriberArgs a) {
        Config c = new Config();
        c.setClusterName("zpm");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        AdvancedNetworkConfig an = c.getAdvancedNetworkConfig().setEnabled(true);
        an.setMemberEndpointConfig(new ServerSocketEndpointConfig().setPort(a.port()).setPortAutoIncrement(false)
                .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(a.host())));
        JoinConfig join = an.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(List.copyOf(a.join()));
        // vertx-hazelcast's default-cluster.xml holds these; a Config made in code must repeat them
        c.getMultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET);
        c.getMapConfig("__vertx.haInfo").setBackupCount(1);
        c.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
        return c;
    }
}
