package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The agent's command line. Flags override the config file's {@code agent} section.
 * Bad flag values are picocli usage errors; problems in the file are a {@link ConfigException}
 * from {@link #resolve()}. Nothing here exits the JVM.
 *
 * <p>The flags are declared with picocli's programmatic API, each bound to its field by a
 * setter: picocli's annotations are read by reflection at each start (annotation proxies, method
 * handles), which cost the agent about 0.15 s before it could serve.
 *
 * <pre>{@code
 * AgentOptions options = new AgentOptions();
 * CommandLine cli = options.commandLine();
 * ParseResult parsed = cli.parseArgs(args);           // ParameterException on a bad flag
 * if (CommandLine.printHelpIfRequested(parsed)) return 0;
 * ZpmConfig config = options.resolve();              // ConfigException: exit 2
 * }</pre>
 */
public class AgentOptions implements Callable<ZpmConfig> {

    private Path config;
    private HostPort rpc;
    private HostPort http;
    private Path stateDir;
    private Path tokenFile;
    private String logLevel;
    private Path tlsCert;
    private Path tlsKey;
    private String logDir;
    private boolean tcpMigrate;
    private boolean daemon;
    /** Set by --daemon on the agent it starts: detach stdout/stderr once serving. Not for people. */
    private boolean daemonChild;
    private final ClusterFlags cluster = new ClusterFlags();

    /** A command line that fills this object's fields as it parses ({@code execute} calls {@link #call()}). */
    public CommandLine commandLine() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("zpm-agent").version(versionLine());
        spec.usageMessage().description("Keeps a set of worker processes alive and takes orders over JSON-RPC.");
        spec.addOption(value("--config", "FILE", Path.class, "JSON or YAML config file (agent settings and apps).",
                v -> config = (Path) v));
        spec.addOption(OptionSpec.builder("--rpc").paramLabel("HOST:PORT").type(HostPort.class)
                .converters(new HostPortConverter()).description("JSON-RPC TCP listen address (default 127.0.0.1:7700).")
                .setter(into(v -> rpc = (HostPort) v)).build());
        spec.addOption(OptionSpec.builder("--http").paramLabel("HOST:PORT").type(HostPort.class)
                .converters(new HostPortConverter())
                .description("HTTP / WebSocket / SSE listen address (default 127.0.0.1:7701).")
                .setter(into(v -> http = (HostPort) v)).build());
        spec.addOption(value("--state-dir", "DIR", Path.class,
                "Token and state file directory (default $XDG_STATE_HOME/zpm or ~/.local/state/zpm).",
                v -> stateDir = (Path) v));
        spec.addOption(value("--token-file", "F", Path.class, "The token file (default <state-dir>/token).",
                v -> tokenFile = (Path) v));
        spec.addOption(OptionSpec.builder("--log-level").paramLabel("LEVEL").type(String.class)
                .converters(new LogLevelConverter()).description("trace, debug, info, warn, error or off (default info).")
                .setter(into(v -> logLevel = (String) v)).build());
        spec.addOption(value("--tls-cert", "PEM", Path.class, "Certificate for TLS on both listeners (with --tls-key).",
                v -> tlsCert = (Path) v));
        spec.addOption(value("--tls-key", "PEM", Path.class, "Private key for --tls-cert.", v -> tlsKey = (Path) v));
        spec.addOption(value("--log-dir", "DIR", String.class, "Where workers' output and the agent's log are written"
                + " (default <state-dir>/logs; none: no files, lines in memory only).", v -> logDir = (String) v));
        spec.addOption(flag("--tcp-migrate", "Let the agent set the sysctl net.ipv4.tcp_migrate_req=1 (the whole"
                + " network namespace) so that a stopping worker's queued connections go to another worker of its port"
                + " (as agent.tcpMigrate: true).", v -> tcpMigrate = v).build());
        spec.addOption(flag("--daemon", "Start the agent in the background (a session of its own, no terminal, its"
                + " log in <log-dir>/agent.log), wait until it serves, print its pid and address, exit 0; exit 1 when"
                + " it could not start (the reason is printed).", v -> daemon = v).build());
        spec.addOption(flag("--daemon-child", "", v -> daemonChild = v).hidden(true).build());
        cluster.addTo(spec);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return new CommandLine(spec);
    }

    static OptionSpec value(String name, String label, Class<?> type, String description, Consumer<Object> into) {
        return OptionSpec.builder(name).paramLabel(label).type(type).description(description).setter(into(into)).build();
    }

    private static OptionSpec.Builder flag(String name, String description, Consumer<Boolean> into) {
        return OptionSpec.builder(name).arity("0").type(boolean.class).description(description)
                .initialValue(false).setter(into(v -> into.accept(Boolean.TRUE.equals(v))));
    }

    static ISetter into(Consumer<Object> field) {
        return new ISetter() {
            @Override
            public <T> T set(T value) {
                field.accept(value);
                return null;
            }
        };
    }

    /** Whether {@code --daemon} was given. */
    public boolean daemon() {
        return daemon;
    }

    /** Whether this agent was started by {@code --daemon} (and must detach its stdio once serving). */
    public boolean daemonChild() {
        return daemonChild;
    }

    /**
     * Loads the config file when {@code --config} was given (else no apps and default settings),
     * then applies each given flag over the file's {@code agent} section. Relative paths in
     * flags resolve against the working directory.
     *
     * @throws ConfigException when the file is missing or has problems
     */
    public ZpmConfig resolve() {
        ZpmConfig loaded = config == null ? ZpmConfig.empty() : new ConfigLoader().load(config);
        AgentSettings agent = loaded.agent();
        if (rpc != null) {
            agent = agent.withRpc(rpc);
        }
        if (http != null) {
            agent = agent.withHttp(http);
        }
        if (stateDir != null) {
            agent = agent.withStateDir(stateDir.toAbsolutePath().normalize());
        }
        if (tokenFile != null) {
            agent = agent.withTokenFile(tokenFile.toAbsolutePath().normalize());
        }
        if (logLevel != null) {
            agent = agent.withLogLevel(logLevel);
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new ConfigException(List.of("--tls-cert and --tls-key go together: give both PEM files"));
            }
            agent = agent.withTls(tlsCert.toAbsolutePath().normalize(), tlsKey.toAbsolutePath().normalize());
        }
        if (tcpMigrate) {
            agent = agent.withTcpMigrate(true);
        }
        if (logDir != null) {
            agent = agent.withLogs(logDir(logDir, agent.logs()));
        }
        return loaded.withAgent(cluster.apply(agent));
    }

    private static AgentSettings.Logs logDir(String value, AgentSettings.Logs logs) {
        if (value.equals(AgentSettings.Logs.NONE)) {
            return logs.withOff();
        }
        String problem = ConfigLoader.pathProblem(value);
        if (problem != null) {
            throw new ConfigException(List.of("--log-dir " + problem + " (or none: no log files)"));
        }
        return logs.withDir(Path.of(value).toAbsolutePath().normalize());
    }

    /** Lets {@code CommandLine.execute} be used too: the result is in {@code getExecutionResult()}. */
    @Override
    public ZpmConfig call() {
        return resolve();
    }

    /** {@code --rpc} / {@code --http} values, with {@link HostPort#parse}'s message on error. */
    static final class HostPortConverter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LogLevelConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String level = ConfigLoader.logLevel(value);
            if (level == null) {
                throw new TypeConversionException("must be one of "
                        + String.join(", ", AgentSettings.LOG_LEVELS) + " (got \"" + value + "\")");
            }
            return level;
        }
    }

    /** The version from the jar's manifest; a build from the source tree has none. */
    private static String versionLine() {
        String version = AgentOptions.class.getPackage().getImplementationVersion();
        return "zpm-agent " + (version == null ? "(development build)" : version);
    }
}
