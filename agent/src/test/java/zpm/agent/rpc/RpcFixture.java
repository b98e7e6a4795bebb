package zpm.agent.rpc;

import io.vertx.core.Vertx;
import zpm.agent.config.AgentSettings;
import zpm.agent.config.HostPort;
import zpm.agent.core.AppSpec;
import zpm.agent.core.BackoffSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.RestartPolicy;
import zpm.agent.local.Agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real agent (app "sleepy": 2 `sleep` workers) with both RPC servers on free loopback ports. */
final class RpcFixture implements AutoCloseable {

    /** Short timers so the tests stay fast; the bounds themselves are the production ones. */
    static final RpcLimits TEST_LIMITS = RpcLimits.DEFAULTS.withAuthTimeout(Duration.ofMillis(300))
            .withThrottle(Duration.ofMillis(200), Duration.ofMillis(800));

    final Vertx vertx;
    final Agent agent;
    final FakeMethods methods;
    final RpcServers servers;
    final String token;
    final String readOnlyToken;

    private RpcFixture(Vertx vertx, Agent agent, FakeMethods methods, RpcServers servers) {
        this.vertx = vertx;
        this.agent = agent;
        this.methods = methods;
        this.servers = servers;
        this.token = read(servers.tokenFile());
        this.readOnlyToken = read(servers.readOnlyTokenFile());
    }

    static RpcFixture start(Path stateDir) {
        return start(stateDir, TEST_LIMITS);
    }

    static RpcFixture start(Path stateDir, RpcLimits limits) {
        Vertx vertx = Vertx.vertx();
        EventHistory history = Agent.await(EventHistory.attach(vertx, limits.historySize()), 10);
        Agent agent = Agent.await(Agent.start(vertx, stateDir, List.of(sleepy(2))), 30);
        FakeMethods methods = new FakeMethods(agent);
        RpcServers servers = Agent.await(RpcServers.start(vertx, agent, settings(stateDir), methods,
                new RpcOptions(limits, null, history)), 30);
        return new RpcFixture(vertx, agent, methods, servers);
    }

    static AgentSettings settings(Path stateDir) {
        return new AgentSettings(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0), stateDir, null, null);
    }

    /** Quick to count as stable, so a killed worker is forked again at once. */
    static AppSpec sleepy(int size) {
        return new AppSpec("sleepy", List.of("sleep", "100000"), null, Map.of(), size, null, RestartPolicy.ALWAYS,
                new BackoffSpec(1000, 16000, 300), 100, 5000, ProbeSpec.NONE, null, null, List.of());
    }

    RawClient client() {
        return RawClient.connect(servers.tcpPort());
    }

    RawClient authed() {
        RawClient c = client();
        if (!c.auth(token).path("result").path("ok").asBoolean()) {
            throw new AssertionError("auth failed");
        }
        return c;
    }

    String httpBase() {
        return "http://127.0.0.1:" + servers.httpPort();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Agent.await(servers.close(), 30);
        Agent.await(agent.quit(), 60);
        Agent.await(vertx.close(), 30);
    }
}
