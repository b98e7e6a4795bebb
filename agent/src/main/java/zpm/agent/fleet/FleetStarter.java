package zpm.agent.fleet;

import io.vertx.core.Future;
import zpm.agent.config.ClusterSettings;

/**
 * Joins a fleet. The implementation ({@code zpm.cluster.HazelcastFleetStarter}, public, with a
 * no-argument constructor) is in the zpm-agent-cluster jar, which a lone agent never loads.
 */
public interface FleetStarter {

    /**
     * Starts the clustered link; completes once this node is a verified member (or fails with a
     * message that says what is wrong, e.g. a node name already taken). Never touches the
     * agent's supervision: on failure the agent goes on alone.
     */
    Future<Fleet> start(ClusterSettings settings, LocalNode local);
}
