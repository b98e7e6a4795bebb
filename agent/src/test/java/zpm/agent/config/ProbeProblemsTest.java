package zpm.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import zpm.agent.core.AppSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.ProbeSpec.Type;

class ProbeProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigLoader loader = new ConfigLoader(() -> 2);

    private static JsonNode app(String members) throws Exception {
        return JSON.readTree(("{'name': 'web', 'command': ['x'], " + members + "}").replace('\'', '"'));
    }

    private AppSpec spec(String members) throws Exception {
        return loader.parseApp(app(members), "apps[0]", null);
    }

    private List<String> problems(String members) throws Exception {
        JsonNode node = app(members);
        return catchThrowableOfType(ConfigException.class, () -> loader.parseApp(node, "apps[0]", null)).problems();
    }

    @Test
    void readinessDefaults() throws Exception {
        assertThat(spec("'port': 80, 'readiness': {'type': 'tcp'}").readiness())
                .isEqualTo(new ProbeSpec(Type.TCP, null, null, List.of(), 30_000, 100, 3));
        assertThat(spec("'readiness': {'type': 'none'}").readiness())
                .isEqualTo(new ProbeSpec(Type.NONE, null, null, List.of(), 30_000, 100, 3));
    }

    @Test
    void livenessDefaults() throws Exception {
        assertThat(spec("'port': 80, 'liveness': {'type': 'http'}").liveness())
                .isEqualTo(new ProbeSpec(Type.HTTP, null, "/", List.of(), 2000, 10_000, 3));
        assertThat(spec("'liveness': {'type': 'none'}").liveness()).isNull();
    }

    @Test
    void aProbePortOverridesTheAppPort() throws Exception {
        assertThat(spec("'readiness': {'type': 'http', 'port': 9000, 'path': '/ready'}").readiness())
                .isEqualTo(new ProbeSpec(Type.HTTP, 9000, "/ready", List.of(), 30_000, 100, 3));
    }

    @Test
    void tcpAndHttpWithoutAnyPortNameBothPlaces() throws Exception {
        assertThat(problems("'readiness': {'type': 'tcp'}, 'liveness': {'type': 'http'}")).containsExactly(
                "apps[0].readiness.port: a tcp probe needs a port: set apps[0].readiness.port or the app's port (apps[0].port)",
                "apps[0].liveness.port: a http probe needs a port: set apps[0].liveness.port or the app's port (apps[0].port)");
    }

    @Test
    void execNeedsACommand() throws Exception {
        assertThat(problems("'liveness': {'type': 'exec'}")).containsExactly(
                "apps[0].liveness.command: an exec probe needs a command: a non-empty list of strings, "
                        + "e.g. [\"curl\", \"-f\", \"localhost:8080\"]");
        assertThat(spec("'liveness': {'type': 'exec', 'command': ['check']}").liveness().command())
                .containsExactly("check");
    }

    @Test
    void typeIsRequiredAndKnown() throws Exception {
        assertThat(problems("'readiness': {'timeoutMs': 5}")).containsExactly(
                "apps[0].readiness.type: required, one of none, tcp, http, exec, notify");
        assertThat(problems("'readiness': {'type': 'grpc'}")).containsExactly(
                "apps[0].readiness.type: must be one of none, tcp, http, exec, notify (got \"grpc\")");
        assertThat(spec("'liveness': {'type': 'notify', 'timeoutMs': 3000}").liveness().type()).as("the watchdog")
                .isEqualTo(Type.NOTIFY);
        assertThat(problems("'liveness': {'type': 'grpc'}")).containsExactly(
                "apps[0].liveness.type: must be one of none, tcp, http, exec, notify (got \"grpc\")");
    }

    @Test
    void keysTheTypeWouldIgnoreAreErrors() throws Exception {
        assertThat(problems("'readiness': {'type': 'notify', 'port': 80, 'path': '/', 'command': ['x']}"))
                .containsExactly(
                        "apps[0].readiness.port: only used by tcp and http probes (this one is notify)",
                        "apps[0].readiness.path: only used by http probes (this one is notify)",
                        "apps[0].readiness.command: only used by exec probes (this one is notify)");
    }

    @Test
    void valuesAreChecked() throws Exception {
        assertThat(problems("'port': 80, 'liveness': {'type': 'http', 'path': 'health', 'timeoutMs': 0,"
                + " 'intervalMs': -1, 'failureThreshold': 0, 'port': 0, 'retries': 3}")).containsExactly(
                "apps[0].liveness.retries: unknown key (known keys: type, port, path, command, timeoutMs, "
                        + "intervalMs, failureThreshold)",
                "apps[0].liveness.port: must be a whole number from 1 to 65535 (got 0)",
                "apps[0].liveness.path: must start with \"/\" (got \"health\")",
                "apps[0].liveness.timeoutMs: must be a whole number > 0 (got 0)",
                "apps[0].liveness.intervalMs: must be a whole number > 0 (got -1)",
                "apps[0].liveness.failureThreshold: must be a whole number > 0 (got 0)");
    }

    @Test
    void aProbeMustBeAnObject() throws Exception {
        assertThat(problems("'readiness': 'tcp'")).containsExactly(
                "apps[0].readiness: must be an object like {\"type\": \"tcp\"} (got \"tcp\")");
    }
}
