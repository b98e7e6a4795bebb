package zpm.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The fleet's flags: {@code --node} names the agent; {@code --cluster-join}, {@code --cluster-host}
 * and {@code --cluster-port} each turn clustering on; {@code --cluster-tls-*} give the event bus's
 * certificates. They override {@code agent.cluster} key by key.
 */
final class ClusterFlags {

    /** The members of {@code --cluster-join}, parsed. */
    record Members(List<HostPort> list) {
    }

    private String node;
    private Members join;
    private String host;
    private Integer port;
    private Path tlsCert;
    private Path tlsKey;
    private Path tlsCa;

    /** The parsers are lambdas, not method references: ClusterRules loads only when a flag is given. */
    void addTo(CommandSpec spec) {
        spec.addOption(converted("--node", "NAME", String.class, ClusterFlags::nodeName,
                "This agent's node name in events, status rows and NODE/APP targets (default: the host name).",
                v -> node = (String) v));
        spec.addOption(converted("--cluster-join", "HOST:PORT,...", Members.class, ClusterFlags::members,
                "Join a fleet: the cluster ports of other nodes (one not up yet is fine; turns clustering on).",
                v -> join = (Members) v));
        spec.addOption(converted("--cluster-host", "IP", String.class, v -> ClusterRules.memberHost(v),
                "This node's cluster interface, the address others join (default 127.0.0.1; turns clustering on).",
                v -> host = (String) v));
        spec.addOption(converted("--cluster-port", "PORT", Integer.class, ClusterFlags::port,
                "This node's cluster port (default " + ClusterSettings.DEFAULT_PORT + "; turns clustering on).",
                v -> port = (Integer) v));
        spec.addOption(AgentOptions.value("--cluster-tls-cert", "PEM", Path.class,
                "This node's certificate for the fleet's event bus (signed by --cluster-tls-ca).",
                v -> tlsCert = (Path) v));
        spec.addOption(AgentOptions.value("--cluster-tls-key", "PEM", Path.class,
                "The private key of --cluster-tls-cert.", v -> tlsKey = (Path) v));
        spec.addOption(AgentOptions.value("--cluster-tls-ca", "PEM", Path.class,
                "The fleet's own CA: the nodes it signed are trusted.", v -> tlsCa = (Path) v));
    }

    private static OptionSpec converted(String name, String label, Class<?> type, Function<String, ?> parse,
                                        String description, java.util.function.Consumer<Object> into) {
        ITypeConverter<Object> converter = value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        };
        return OptionSpec.builder(name).paramLabel(label).type(type).converters(converter).description(description)
                .setter(AgentOptions.into(into)).build();
    }

    private static String nodeName(String value) {
        String problem = ClusterRules.nodeNameProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static Members members(String value) {
        List<HostPort> list = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            list.add(ClusterRules.joinEntry(part.strip()));
        }
        return new Members(list);
    }

    private static Integer port(String value) {
        if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65_535) {
            throw new IllegalArgumentException("must be a port from 1 to 65535 (got \"" + value + "\")");
        }
        return Integer.parseInt(value);
    }

    /**
     * The settings with these flags over the file's: clustering on when a flag or the file asks
     * for it, then checked as a whole (TLS beyond loopback, readable files), whether the fields
     * came from the file or from flags.
     *
     * @throws ConfigException naming every problem
     */
    AgentSettings apply(AgentSettings settings) {
        boolean tlsGiven = tlsCert != null || tlsKey != null || tlsCa != null;
        boolean on = join != null || host != null || port != null;
        if (node == null && !on && !tlsGiven) {
            return settings.cluster() == null ? settings : checked(settings, false);
        }
        AgentSettings agent = node == null ? settings : settings.withNode(node);
        if (tlsGiven && (tlsCert == null || tlsKey == null || tlsCa == null)) {
            throw new ConfigException("--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together:"
                    + " give all three PEM files");
        }
        if (!on && agent.cluster() == null) {
            if (tlsGiven) {
                throw new ConfigException("--cluster-tls-* secure a fleet's event bus: give --cluster-join,"
                        + " --cluster-host or --cluster-port (or agent.cluster in the config) too");
            }
            return agent;
        }
        ClusterSettings cluster = agent.cluster() == null ? ClusterSettings.defaults() : agent.cluster();
        cluster = cluster.withMember(new HostPort(host != null ? host : cluster.member().host(),
                port != null ? port : cluster.member().port()));
        cluster = join == null ? cluster : cluster.withJoin(join.list());
        cluster = !tlsGiven ? cluster : cluster.withTls(new ClusterSettings.Tls(absolute(tlsCert), absolute(tlsKey),
                absolute(tlsCa)));
        return checked(agent.withCluster(cluster), node != null);
    }

    /** The whole fleet section once the flags are in: {@link ClusterRules#check}. */
    private static AgentSettings checked(AgentSettings agent, boolean nodeFlag) {
        List<String> problems = new ArrayList<>();
        boolean explicitNode = nodeFlag || !agent.node().equals(AgentSettings.defaultNode());
        ClusterRules.check(agent.node(), explicitNode, agent.cluster(),
                (path, message) -> problems.add(path + ": " + message));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return agent;
    }

    private static Path absolute(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
