package zpm.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.Test;
import zpm.agent.config.ClusterSettings;
import zpm.agent.config.HostPort;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastConfigsTest {

    private static final ClusterSettings PLAIN = new ClusterSettings(new HostPort("127.0.0.1", 15702),
            List.of(HostPort.parse("127.0.0.1:15701"), HostPort.parse("[::1]:15703")), null, 1_000, 5_000, 3_000);

    private static final ClusterSettings TLS = new ClusterSettings(new HostPort("10.0.0.2", 7710),
            List.of(HostPort.parse("10.0.0.1:7710")),
            new ClusterSettings.Tls(Path.of("/certs/b.pem"), Path.of("/certs/b.key"), Path.of("/certs/ca.pem")),
            2_500, 9_001, 3_000);

    @Test
    void propertiesSayNoPhoneHomeOwnInterfaceOnlyAndFastFailureDetection() {
        Config c = HazelcastConfigs.hazelcast(PLAIN, "b");
        assertThat(c.getClusterName()).isEqualTo("zpm");
        assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
        assertThat(c.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
        assertThat(c.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("10");
        assertThat(c.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.max.wait.seconds.before.join")).isEqualTo("5");
        assertThat(c.getClassLoader()).isSameAs(HazelcastConfigs.class.getClassLoader());
    }

    @Test
    void heartbeatAndFailAfterRoundUpToWholeSeconds() {
        Config c = HazelcastConfigs.hazelcast(TLS, "b");
        assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("3");
        assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
        assertThat(HazelcastConfigs.seconds(1)).isEqualTo(1);
        assertThat(HazelcastConfigs.seconds(0)).isEqualTo(1);
        assertThat(HazelcastConfigs.seconds(5_000)).isEqualTo(5);
    }

    @Test
    void memberEndpointOnlyOnTheConfiguredHostAndPort() {
        Config c = HazelcastConfigs.hazelcast(PLAIN, "b");
        assertThat(c.getAdvancedNetworkConfig().isEnabled()).isTrue();
        assertThat(c.getAdvancedNetworkConfig().getEndpointConfigs()).containsOnlyKeys(EndpointQualifier.MEMBER);
        ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) c.getAdvancedNetworkConfig()
                .getEndpointConfigs().get(EndpointQualifier.MEMBER);
        assertThat(member.getPort()).isEqualTo(15702);
        assertThat(member.isPortAutoIncrement()).isFalse();
        assertThat(member.getInterfaces().isEnabled()).isTrue();
        assertThat(member.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    @Test
    void joinsByTcpIpOnlyWithTheJoinList() {
        JoinConfig join = HazelcastConfigs.hazelcast(PLAIN, "b").getAdvancedNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getConnectionTimeoutSeconds()).isEqualTo(1);
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:15701", "[::1]:15703");
    }

    @Test
    void carriesTheNodeNameVertxMapsAndTheSerializationFilter() {
        Config c = HazelcastConfigs.hazelcast(PLAIN, "b");
        assertThat(c.getMemberAttributeConfig().getAttribute("zpm.node")).isEqualTo("b");
        MultiMapConfig subs = c.getMultiMapConfig("__vertx.subs");
        assertThat(subs.getBackupCount()).isEqualTo(1);
        assertThat(subs.getValueCollectionType()).isEqualTo(MultiMapConfig.ValueCollectionType.SET);
        assertThat(c.getMapConfig("__vertx.haInfo").getBackupCount()).isEqualTo(1);
        assertThat(c.getMapConfig("__vertx.nodeInfo").getBackupCount()).isEqualTo(1);
        assertThat(c.getSerializationConfig().getJavaSerializationFilterConfig()).isNotNull();
    }

    @Test
    void eventBusWithoutTlsOnTheMemberHostAnyPort() {
        VertxOptions vo = HazelcastConfigs.vertx(PLAIN, "b");
        assertThat(vo.getEventLoopPoolSize()).isEqualTo(1);
        assertThat(vo.getWorkerPoolSize()).isEqualTo(2);
        EventBusOptions bus = vo.getEventBusOptions();
        assertThat(bus.getHost()).isEqualTo("127.0.0.1");
        assertThat(bus.getPort()).isZero();
        assertThat(bus.getClusterNodeMetadata().getString("node")).isEqualTo("b");
        assertThat(bus.isSsl()).isFalse();
    }

    @Test
    void eventBusWithTlsAndRequiredClientCertificates() {
        EventBusOptions bus = HazelcastConfigs.vertx(TLS, "b").getEventBusOptions();
        assertThat(bus.getHost()).isEqualTo("10.0.0.2");
        assertThat(bus.isSsl()).isTrue();
        assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        PemKeyCertOptions key = (PemKeyCertOptions) bus.getKeyCertOptions();
        assertThat(key.getCertPaths()).containsExactly("/certs/b.pem");
        assertThat(key.getKeyPaths()).containsExactly("/certs/b.key");
        assertThat(((PemTrustOptions) bus.getTrustOptions()).getCertPaths()).containsExactly("/certs/ca.pem");
        assertThat(bus.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
        assertThat(bus.getEnabledCipherSuites()).containsExactly("TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    }
}
