package zpm.agent.fleet;

/**
 * Why a {@link FleetStarter} refuses to join: the node name is held by another node of the
 * fleet. The agent cannot go on under that name and exits; any other failure to join is retried.
 */
public final class NodeNameTaken extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message what to say to the operator, e.g. which node holds the name and what to do */
    public NodeNameTaken(String message) {
        super(message);
    }
}
