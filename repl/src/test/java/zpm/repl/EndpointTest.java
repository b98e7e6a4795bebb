package zpm.repl;

import org.junit.jupiter.api.Test;
import zpm.repl.command.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointTest {

    @Test
    void theFormsPeopleType() {
        assertThat(Endpoint.parse("127.0.0.1:7700")).isEqualTo(new Endpoint("127.0.0.1", 7700));
        assertThat(Endpoint.parse("db.example:7800")).isEqualTo(new Endpoint("db.example", 7800));
        assertThat(Endpoint.parse("[::1]:7700")).isEqualTo(new Endpoint("::1", 7700));
        assertThat(Endpoint.parse(":7701")).isEqualTo(new Endpoint("127.0.0.1", 7701));
        assertThat(Endpoint.parse("7702")).isEqualTo(new Endpoint("127.0.0.1", 7702));
        assertThat(Endpoint.parse("box")).isEqualTo(new Endpoint("box", 7700));
        assertThat(Endpoint.parse("[::1]:7700").toString()).isEqualTo("[::1]:7700");
    }

    @Test
    void badAddressesSayWhatIsExpected() {
        assertThatThrownBy(() -> Endpoint.parse("::1:7700")).isInstanceOf(UsageException.class).hasMessageContaining("brackets");
        assertThatThrownBy(() -> Endpoint.parse("host:99999")).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> Endpoint.parse("host:x")).hasMessageContaining("give HOST:PORT");
    }

    @Test
    void loopbackIsLocal() {
        assertThat(Endpoint.parse("127.0.0.1:1").isLocal()).isTrue();
        assertThat(Endpoint.parse("localhost:1").isLocal()).isTrue();
        assertThat(Endpoint.parse("[::1]:1").isLocal()).isTrue();
        assertThat(Endpoint.parse("10.0.0.5:1").isLocal()).isFalse();
    }
}
