package zpm.agent.fleet;

/**
 * A node of the fleet as this agent knows it: verified (it answered over the fleet's event bus),
 * or this agent itself.
 *
 * @param name        the node name (unique in the fleet)
 * @param address     its cluster member address, host:port
 * @param version     its zpm version
 * @param startedAtMs when its agent started (epoch ms)
 * @param self        whether it is this agent
 */
public record NodeView(String name, String address, String version, long startedAtMs, boolean self) {
}
