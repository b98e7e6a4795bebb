package zpm.repl;

import org.junit.jupiter.api.Test;
import zpm.repl.command.UsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void connectAddressAndFlags() {
        Options o = Options.parse(new String[] {"connect", "10.0.0.5:7800", "--token-file", "/t", "-c", "status",
                "--command=apps", "--json", "--timeout", "30"});
        assertThat(o.endpoint()).isEqualTo(new Endpoint("10.0.0.5", 7800));
        assertThat(o.tokenFile).isEqualTo("/t");
        assertThat(o.scripts).containsExactly("status", "apps");
        assertThat(o.json()).isTrue();
        assertThat(o.timeoutSeconds()).isEqualTo(30);
    }

    @Test
    void defaultsToTheLocalAgent() {
        Options o = Options.parse(new String[0]);
        assertThat(o.endpoint()).isEqualTo(Endpoint.DEFAULT);
        assertThat(o.hasScript()).isFalse();
        assertThat(Options.parse(new String[] {"connect"}).endpoint()).isEqualTo(Endpoint.DEFAULT);
    }

    @Test
    void cacertImpliesTls() {
        Options o = Options.parse(new String[] {"--cacert", "ca.pem"});
        assertThat(o.tls).isTrue();
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--tokn", "x"})).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --tokn");
        assertThatThrownBy(() -> Options.parse(new String[] {"-c"})).hasMessage("-c needs a value");
        assertThatThrownBy(() -> Options.parse(new String[] {"a:1", "b:2"})).hasMessageContaining("one address only");
        assertThatThrownBy(() -> Options.parse(new String[] {"--token", "a", "--token-file", "b"}))
                .hasMessage("give --token or --token-file, not both");
        assertThatThrownBy(() -> Options.parse(new String[] {"--json=yes"})).hasMessage("--json takes no value");
    }
}
