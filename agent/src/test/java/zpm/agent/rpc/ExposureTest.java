package zpm.agent.rpc;

import org.junit.jupiter.api.Test;
import zpm.agent.config.AgentSettings;
import zpm.agent.config.HostPort;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExposureTest {

    private static final AgentSettings LOCAL = new AgentSettings(null, null, Path.of("/tmp/zpm-x"), null, null);

    @Test
    void loopbackNeedsNoExplicitToken() {
        assertThatCode(() -> RpcServers.checkExposure(LOCAL, false)).doesNotThrowAnyException();
        assertThatCode(() -> RpcServers.checkExposure(LOCAL.withRpc(HostPort.parse("[::1]:7700"))
                .withHttp(HostPort.parse("localhost:7701")), false)).doesNotThrowAnyException();
    }

    @Test
    void beyondLoopbackNeedsAnExplicitTokenFile() {
        AgentSettings exposed = LOCAL.withRpc(HostPort.parse("0.0.0.0:7700"));
        assertThatThrownBy(() -> RpcServers.checkExposure(exposed, false))
                .hasMessageContaining("0.0.0.0:7700 (--rpc)").hasMessageContaining("--token-file");
        assertThatThrownBy(() -> RpcServers.checkExposure(LOCAL.withHttp(HostPort.parse("192.168.1.5:7701")), false))
                .hasMessageContaining("(--http)");
        assertThatCode(() -> RpcServers.checkExposure(exposed, true)).doesNotThrowAnyException();
    }
}
