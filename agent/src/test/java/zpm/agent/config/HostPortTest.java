package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:7700, 127.0.0.1, 7700",
        "localhost:80, localhost, 80",
        ":7700, 127.0.0.1, 7700",
        "[::1]:7700, ::1, 7700",
        "0.0.0.0:0, 0.0.0.0, 0",
        "host-1.example.org:65535, host-1.example.org, 65535",
    })
    void parsesEveryWrittenForm(String text, String host, int port) {
        assertThat(HostPort.parse(text)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7700", "127.0.0.1", "127.0.0.1:", "127.0.0.1:port", "127.0.0.1:65536",
        "::1:7700", "[::1:7700", "[web]:7700", "my host:7700", "127.0.0.1:-1"})
    void rejectsBadAddressesWithTheExpectedForms(String text) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad address \"" + text + "\"")
                .hasMessageContaining("expected HOST:PORT, e.g. 127.0.0.1:7700");
    }

    @Test
    void saysWhyAnAddressIsBad() {
        assertThatThrownBy(() -> HostPort.parse("::1:7700")).hasMessageContaining("in brackets");
        assertThatThrownBy(() -> HostPort.parse("127.0.0.1:99999")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> HostPort.parse("localhost")).hasMessageContaining("no port");
        assertThatThrownBy(() -> HostPort.parse(null)).hasMessageContaining("no port");
    }

    @Test
    void knowsLoopbackWithoutDns() {
        assertThat(HostPort.parse("127.0.0.1:1").isLoopback()).isTrue();
        assertThat(HostPort.parse("127.1.2.3:1").isLoopback()).isTrue();
        assertThat(HostPort.parse("localhost:1").isLoopback()).isTrue();
        assertThat(HostPort.parse("[::1]:1").isLoopback()).isTrue();
        assertThat(HostPort.parse(":1").isLoopback()).isTrue();
        assertThat(HostPort.parse("0.0.0.0:1").isLoopback()).isFalse();
        assertThat(HostPort.parse("[::]:1").isLoopback()).isFalse();
        assertThat(HostPort.parse("10.0.0.5:1").isLoopback()).isFalse();
        assertThat(HostPort.parse("example.org:1").isLoopback()).isFalse();
    }

    @Test
    void printsWhatItParses() {
        assertThat(HostPort.parse("[::1]:7700")).hasToString("[::1]:7700");
        assertThat(HostPort.parse(":7700")).hasToString("127.0.0.1:7700");
        assertThat(HostPort.parse(HostPort.parse("[fe80::1]:9").toString())).isEqualTo(new HostPort("fe80::1", 9));
    }
}
