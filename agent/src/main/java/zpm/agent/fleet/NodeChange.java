package zpm.agent.fleet;

/**
 * A node joined the fleet (once verified) or left it.
 *
 * @param joined true for a join, false for a leave
 * @param node   the node
 * @param reason why it left (e.g. "removed from the cluster membership"), null for a join
 */
public record NodeChange(boolean joined, NodeView node, String reason) {
}
