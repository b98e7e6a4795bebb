package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;
import zpm.agent.core.AppSpec;

/**
 * A whole, validated configuration: the agent's settings and the apps to start.
 *
 * @param agent  never null (null becomes {@link AgentSettings#defaults()})
 * @param apps   in file order, names unique
 * @param source the file it came from, or null when there was none
 */
public record ZpmConfig(AgentSettings agent, List<AppSpec> apps, Path source) {

    public ZpmConfig {
        agent = agent == null ? AgentSettings.defaults() : agent;
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** No file: default agent settings and no apps. */
    public static ZpmConfig empty() {
        return new ZpmConfig(AgentSettings.defaults(), List.of(), null);
    }

    public ZpmConfig withAgent(AgentSettings settings) {
        return new ZpmConfig(settings, apps, source);
    }
}
