package zpm.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import zpm.agent.config.ClusterSettings;
import zpm.agent.config.HostPort;

import java.util.List;
import java.util.Set;

/**
 * The fleet's Hazelcast and Vert.x settings, in code: nothing is read from the class path or a
 * file ({@code new Config()}, not {@code Config.load()}), so an operator's stray cluster.xml
 * cannot change them. Pure: settings in, configuration objects out.
 */
public final class HazelcastConfigs {

    /** Not a secret: Hazelcast sends it in clear. It keeps zpm fleets apart from other clusters. */
    public static final String CLUSTER_NAME = "zpm";
    /** The member attribute that carries the node name (not authenticated: see Members). */
    public static final String NODE_ATTRIBUTE = "zpm.node";

    private HazelcastConfigs() {
    }

    /** The Hazelcast member of node {@code node} with {@code settings}. */
    public static Config hazelcast(ClusterSettings settings, String node) {
        Config c = new Config();
        c.setClusterName(CLUSTER_NAME);
        // The agent loads this module in a class loader of its own: Hazelcast must use it too.
        c.setClassLoader(HazelcastConfigs.class.getClassLoader());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j"); // the agent's own log (slf4j-simple)
        // Default true binds 0.0.0.0 even with interfaces set: only the configured host.
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(seconds(settings.heartbeatMs())));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(seconds(settings.failAfterMs())));
        // Two halves of a partition (or a frozen and resumed node) find each other within ~10 s,
        // not the default 5 minutes.
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "5");
        memberEndpoint(c, settings);
        c.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, node);
        // What vertx-hazelcast's default-cluster.xml holds, which new Config() does not read.
        c.getMultiMapConfig("__vertx.subs").setBackupCount(1)
                .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET);
        c.getMapConfig("__vertx.haInfo").setBackupCount(1);
        c.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
        // Members deserialise what other members send; refuse the known Java gadget classes.
        c.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        return c;
    }

    /**
     * Advanced network with a member endpoint only: the port then refuses Hazelcast clients,
     * which could otherwise read the cluster's maps with nothing but the cluster name.
     */
    private static void memberEndpoint(Config c, ClusterSettings settings) {
        AdvancedNetworkConfig network = c.getAdvancedNetworkConfig().setEnabled(true);
        network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
                .setPort(settings.member().port())
                .setPortAutoIncrement(false)
                .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(settings.member().host())));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1).setMembers(members(settings.join()));
    }

    private static List<String> members(List<HostPort> join) {
        return join.stream().map(HostPort::toString).toList();
    }

    /** Hazelcast counts these in whole seconds: round up, at least 1. */
    static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    /**
     * The event bus's TLS 1.3 suites, in the order the side that accepts a connection prefers them.
     * ChaCha20-Poly1305 first: the agent runs C1-compiled code only (its launcher keeps it small
     * that way), where the JDK's AES-GCM is plain Java without the CPU's AES and carry-less
     * multiply instructions, and ChaCha20-Poly1305 encrypts a 30 KB reply about four times faster
     * (measured on this project's 2-core machine: 160 against 660 µs). AES-GCM stays allowed for a
     * Vert.x service of the operator's that offers nothing else.
     */
    static final List<String> CIPHER_SUITES = List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384");

    /**
     * The clustered Vert.x beside the agent's own: one event loop and two workers are plenty for
     * forwarding calls and events. Its event bus takes any free port on the member's host and
     * runs TLS with client certificates when the settings give the fleet's certificates.
     */
    public static VertxOptions vertx(ClusterSettings settings, String node) {
        VertxOptions vo = new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2);
        EventBusOptions bus = vo.getEventBusOptions();
        bus.setHost(settings.member().host()).setPort(0)
                .setClusterNodeMetadata(new JsonObject().put("node", node));
        ClusterSettings.Tls tls = settings.tls();
        if (tls != null) {
            bus.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString())
                            .setKeyPath(tls.key().toString()))
                    .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca().toString()))
                    .setClientAuth(ClientAuth.REQUIRED)
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));
            CIPHER_SUITES.forEach(bus::addEnabledCipherSuite);
        }
        return vo;
    }
}
