package zpm.agent.app;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent processes a test started, each ended after the test with its whole tree, by pid
 * ({@link AgentProcess#close}). Register with {@code @RegisterExtension}.
 */
final class StartedAgents implements AfterEachCallback {

    private final List<AgentProcess> started = new ArrayList<>();

    /** Keeps {@code agent} to be ended after the test; returns it. */
    AgentProcess add(AgentProcess agent) {
        started.add(agent);
        return agent;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(AgentProcess::close);
        started.clear();
    }
}
