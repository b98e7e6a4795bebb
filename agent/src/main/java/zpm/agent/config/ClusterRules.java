package zpm.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules a fleet's settings follow: node names and member addresses, read alike from the config
 * file ({@link ClusterReader}) and the flags ({@link ClusterFlags}), then the checks across fields
 * (TLS beyond loopback, readable files), made once on the settings the flags leave. Each problem
 * of {@link #check} goes to a reporter as (path, message), the path being the config key it is about.
 */
final class ClusterRules {

    /** Node names travel in targets ({@code NODE/APP}): no slash, short, no spaces. */
    static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    static final String TLS_BEYOND_LOOPBACK = "the fleet's event bus must run TLS beyond loopback:"
            + " give agent.cluster.tls {cert, key, ca}";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT_RANGE = Pattern.compile(".*:\\d+\\s*-\\s*\\d+\\s*");

    private ClusterRules() {
    }

    /** Null when {@code name} can name a node, else why not. */
    static String nodeNameProblem(String name) {
        if (NODE_NAME.matcher(name).matches()) {
            return null;
        }
        return "\"" + name + "\" is not a node name: 1 to 63 letters, digits, '.', '_' or '-' (no '/': targets"
                + " read NODE/APP)";
    }

    /**
     * The IP address of this member's interface, or an {@code IllegalArgumentException} saying why
     * not: Hazelcast binds to an interface by its address and tells the other nodes that address,
     * so neither a host name nor a wildcard (0.0.0.0, ::) will do.
     */
    static String memberHost(String text) {
        String host = text.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean literal = IPV4.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches());
        InetAddress address = null;
        try {
            address = literal ? InetAddress.getByName(host) : null; // a literal: parsed, no look-up
        } catch (UnknownHostException e) {
            // not an address: reported below
        }
        if (address == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address: give the address of this host's"
                    + " interface the other nodes reach, e.g. 127.0.0.1 or 10.0.0.5 (Hazelcast binds by address)");
        }
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("\"" + text + "\" is every interface: give one interface's address"
                    + " (the one the other nodes reach); the cluster port binds to that interface only");
        }
        return host;
    }

    /** A member of a join list; a port range is refused with the way to write it. */
    static HostPort joinEntry(String text) {
        if (text != null && PORT_RANGE.matcher(text).matches()) {
            throw new IllegalArgumentException("bad member \"" + text + "\": a port range is not taken; name each"
                    + " member on its own (e.g. 10.0.0.5:7710, 10.0.0.5:7711)");
        }
        HostPort member = HostPort.parse(text);
        if (member.port() == 0) {
            throw new IllegalArgumentException("bad member \"" + text + "\": name the member's cluster port (default "
                    + ClusterSettings.DEFAULT_PORT + ")");
        }
        return member;
    }

    /**
     * The checks across fields: TLS beyond loopback, readable TLS files, a usable node name,
     * heartbeat below the failure time.
     *
     * @param explicitNode whether the node name was given (else it is the host name)
     */
    static void check(String node, boolean explicitNode, ClusterSettings cluster, BiConsumer<String, String> report) {
        if (cluster == null) {
            return;
        }
        if (!explicitNode && nodeNameProblem(node) != null) {
            report.accept("agent.cluster.node", "the host name " + nodeNameProblem(node)
                    + "; name this node with agent.cluster.node or --node");
        }
        if (cluster.tls() == null) {
            List<String> outside = new ArrayList<>();
            if (!cluster.member().isLoopback()) {
                outside.add("host " + cluster.member().host());
            }
            cluster.join().stream().filter(m -> !m.isLoopback()).forEach(m -> outside.add("join " + m));
            if (!outside.isEmpty()) {
                report.accept("agent.cluster", TLS_BEYOND_LOOPBACK + " (not loopback: " + String.join(", ", outside)
                        + "; flags: --cluster-tls-cert, --cluster-tls-key, --cluster-tls-ca)");
            }
        } else {
            readable(cluster.tls().cert(), "agent.cluster.tls.cert", report);
            readable(cluster.tls().key(), "agent.cluster.tls.key", report);
            readable(cluster.tls().ca(), "agent.cluster.tls.ca", report);
        }
        if (cluster.failAfterMs() <= cluster.heartbeatMs()) {
            report.accept("agent.cluster.failAfterMs", "must be more than heartbeatMs (" + cluster.heartbeatMs()
                    + "), or every member looks dead between two heartbeats (got " + cluster.failAfterMs() + ")");
        }
    }

    private static void readable(Path file, String path, BiConsumer<String, String> report) {
        if (!Files.isRegularFile(file)) {
            report.accept(path, file + ": no such file (a PEM file)");
        } else if (!Files.isReadable(file)) {
            report.accept(path, file + ": cannot read: permission denied");
        }
    }
}
