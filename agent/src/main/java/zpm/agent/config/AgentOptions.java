package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The agent's command line. Flags override the config file's {@code agent} section.
 * Bad flag values are picocli usage errors; problems in the file are a {@link ConfigException}
 * from {@link #resolve()}. Nothing here exits the JVM.
 *
 * <pre>{@code
 * AgentOptions options = new AgentOptions();
 * CommandLine cli = new CommandLine(options);
 * ParseResult parsed = cli.parseArgs(args);           // ParameterException on a bad flag
 * if (CommandLine.printHelpIfRequested(parsed)) return 0;
 * ZpmConfig config = options.resolve();              // ConfigException: exit 2
 * }</pre>
 */
@Command(name = "zpm-agent", mixinStandardHelpOptions = true, versionProvider = AgentOptions.Version.class,
        description = "Keeps a set of worker processes alive and takes orders over JSON-RPC.")
public class AgentOptions implements Callable<ZpmConfig> {

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML config file (agent settings and apps).")
    Path config;

    @Option(names = "--rpc", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "JSON-RPC TCP listen address (default 127.0.0.1:7700).")
    HostPort rpc;

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "HTTP / WebSocket / SSE listen address (default 127.0.0.1:7701).")
    HostPort http;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Token and state file directory (default $XDG_STATE_HOME/zpm or ~/.local/state/zpm).")
    Path stateDir;

    @Option(names = "--token-file", paramLabel = "F", description = "The token file (default <state-dir>/token).")
    Path tokenFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LogLevelConverter.class,
            description = "trace, debug, info, warn, error or off (default info).")
    String logLevel;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Certificate for TLS on both listeners (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key for --tls-cert.")
    Path tlsKey;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where workers' output and the agent's log are written (default <state-dir>/logs; "
                    + "none: no files, lines in memory only).")
    String logDir;

    @Option(names = "--tcp-migrate", description = "Let the agent set the sysctl net.ipv4.tcp_migrate_req=1 "
            + "(the whole network namespace) so that a stopping worker's queued connections go to another "
            + "worker of its port (as agent.tcpMigrate: true).")
    boolean tcpMigrate;

    @Option(names = "--daemon", description = "Start the agent in the background (a session of its own, no "
            + "terminal, its log in <log-dir>/agent.log), wait until it serves, print its pid and address, exit 0; "
            + "exit 1 when it could not start (the reason is printed).")
    boolean daemon;

    /** Set by --daemon on the agent it starts: detach stdout/stderr once serving. Not for people. */
    @Option(names = "--daemon-child", hidden = true)
    boolean daemonChild;

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
        return loaded.withAgent(agent);
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
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AgentOptions.class.getPackage().getImplementationVersion();
            return new String[] {"zpm-agent " + (version == null ? "(development build)" : version)};
        }
    }
}
