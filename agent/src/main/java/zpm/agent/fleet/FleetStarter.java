package zpm.agent.fleet;

import io.vertx.core.Future;
import zpm.agent.config.ClusterSettings;

/**
 * Joins a fleet. The implementation ({@code zpm.cluster.HazelcastFleetStarter}, public, with a
 * no-argument constructor) is in the zpm-agent-cluster jar, which a lone agent never loads.
 */
public interface FleetStarter {

    /**
     * Starts the clustered link; completes once this node is a verified member, or fails with a
     * message that says what is wrong: {@link NodeNameTaken} when another node holds this node's
     * name (the agent then exits), anything else for a failure worth another try. Never touches
     * the agent's supervision: on failure the agent goes on alone.
     */
    Future<Fleet> start(ClusterSettings settings, LocalNode local);
}
