package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code agent.cluster}: how this agent joins a fleet. Absent (null in {@link AgentSettings}) the
 * agent runs alone and loads nothing of the cluster.
 *
 * @param member        the interface and port of this member's cluster port: the address other
 *                      nodes name in their {@code join} lists
 * @param join          the members to join (host:port each); one that is not up yet is fine
 * @param tls           the fleet's certificates for the event bus between nodes; required unless
 *                      {@code member} is a loopback address
 * @param heartbeatMs   how often members tell each other they are alive
 * @param failAfterMs   a member silent this long is removed from the fleet (node-left)
 * @param callTimeoutMs how long a call forwarded to another node may take before that node is
 *                      reported unreachable in the result
 */
public record ClusterSettings(HostPort member, List<HostPort> join, Tls tls, long heartbeatMs, long failAfterMs,
                              long callTimeoutMs) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7710;
    public static final long DEFAULT_HEARTBEAT_MS = 1_000;
    public static final long DEFAULT_FAIL_AFTER_MS = 5_000;
    public static final long DEFAULT_CALL_TIMEOUT_MS = 3_000;

    public ClusterSettings {
        join = List.copyOf(join);
    }

    /** A member on 127.0.0.1:7710 that joins no one (the first node of a loopback fleet). */
    public static ClusterSettings defaults() {
        return new ClusterSettings(new HostPort(DEFAULT_HOST, DEFAULT_PORT), List.of(), null, DEFAULT_HEARTBEAT_MS,
                DEFAULT_FAIL_AFTER_MS, DEFAULT_CALL_TIMEOUT_MS);
    }

    public ClusterSettings withMember(HostPort value) {
        return new ClusterSettings(value, join, tls, heartbeatMs, failAfterMs, callTimeoutMs);
    }

    public ClusterSettings withJoin(List<HostPort> value) {
        return new ClusterSettings(member, value, tls, heartbeatMs, failAfterMs, callTimeoutMs);
    }

    public ClusterSettings withTls(Tls value) {
        return new ClusterSettings(member, join, value, heartbeatMs, failAfterMs, callTimeoutMs);
    }

    /**
     * {@code agent.cluster.tls}: PEM files.
     *
     * @param cert this node's certificate, signed by {@code ca} (used as server and as client)
     * @param key  its private key (PKCS#8)
     * @param ca   the fleet's own CA: every node whose certificate it signed is trusted
     */
    public record Tls(Path cert, Path key, Path ca) {
    }
}
