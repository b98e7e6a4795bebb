package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import zpm.agent.core.AppSpec;

/**
 * The {@code agent} section of the config, after command-line flags have been applied.
 * Null arguments take the defaults given below, so {@code new AgentSettings(null, ...)} works.
 *
 * @param rpc       JSON-RPC over TCP (default 127.0.0.1:7700)
 * @param http      HTTP / WebSocket / SSE (default 127.0.0.1:7701)
 * @param stateDir  token, state file (default {@code $XDG_STATE_HOME/zpm} or {@code ~/.local/state/zpm})
 * @param tokenFile the token; null means {@code <stateDir>/token}, see {@link #tokenPath()}
 * @param logLevel  one of {@link #LOG_LEVELS} (default info)
 * @param tlsCert   PEM certificate (chain) for TLS on both listeners, or null for plain TCP/HTTP
 * @param tlsKey    PEM private key of {@code tlsCert}, or null
 * @param tcpMigrate whether the agent may set the sysctl {@code net.ipv4.tcp_migrate_req=1}
 *                  (a setting of the whole network namespace) when an app has a port; default
 *                  false: without consent the agent changes nothing machine-wide, it only warns
 * @param logs      where the log files go and how they rotate (default {@link Logs#DEFAULT})
 * @param node      this agent's node name, carried by every event and status row (default: the
 *                  host name, see {@link #defaultNode()})
 * @param cluster   how it joins a fleet, or null: it runs alone
 */
public record AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile,
                            String logLevel, Path tlsCert, Path tlsKey, boolean tcpMigrate, Logs logs,
                            String node, ClusterSettings cluster) {

    public static final HostPort DEFAULT_RPC = new HostPort("127.0.0.1", 7700);
    public static final HostPort DEFAULT_HTTP = new HostPort("127.0.0.1", 7701);
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    public AgentSettings {
        rpc = rpc == null ? DEFAULT_RPC : rpc;
        http = http == null ? DEFAULT_HTTP : http;
        stateDir = stateDir == null
                ? defaultStateDir(System.getenv(), System.getProperty("user.home"))
                : stateDir;
        logLevel = logLevel == null ? DEFAULT_LOG_LEVEL : logLevel;
        logs = logs == null ? Logs.DEFAULT : logs;
        node = node == null ? defaultNode() : node;
    }

    /** Alone, named after the host. */
    public AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile,
                         String logLevel, Path tlsCert, Path tlsKey, boolean tcpMigrate, Logs logs) {
        this(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs, null, null);
    }

    /**
     * The host name as the kernel has it (what {@code hostname} prints), without a DNS look-up;
     * "localhost" when it cannot be read.
     */
    public static String defaultNode() {
        return HostName.VALUE;
    }

    /** Read once: the file is tiny, but AgentSettings are made often in tests. */
    private static final class HostName {
        static final String VALUE = read();

        private static String read() {
            try {
                String name = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                return name.isEmpty() ? "localhost" : name;
            } catch (java.io.IOException | RuntimeException e) {
                return "localhost";
            }
        }
    }

    /** With the default log files. */
    public AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile,
                         String logLevel, Path tlsCert, Path tlsKey, boolean tcpMigrate) {
        this(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, Logs.DEFAULT);
    }

    /** Without TLS. */
    public AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile, String logLevel) {
        this(rpc, http, stateDir, tokenFile, logLevel, null, null, false);
    }

    /**
     * {@code agent.logs}: the log directory and how every file rotates unless its app says otherwise.
     *
     * @param dir      the directory; null for {@code <stateDir>/logs} (see {@link #logDir()})
     * @param off      {@code dir: none}: no files, lines in memory only
     * @param rotation the agent's rotation settings, null fields taking the defaults
     */
    public record Logs(Path dir, boolean off, AppSpec.LogRotation rotation) {
        public static final Logs DEFAULT = new Logs(null, false, AppSpec.LogRotation.INHERIT);
        /** The value of {@code agent.logs.dir} and {@code --log-dir} that turns files off. */
        public static final String NONE = "none";

        public Logs {
            rotation = rotation == null ? AppSpec.LogRotation.INHERIT : rotation;
        }

        public Logs withDir(Path value) {
            return new Logs(value, false, rotation);
        }

        public Logs withOff() {
            return new Logs(null, true, rotation);
        }
    }

    /** The log directory in force: {@code logs.dir}, or {@code <stateDir>/logs}; null when files are off. */
    public Path logDir() {
        if (logs.off()) {
            return null;
        }
        return logs.dir() != null ? logs.dir() : stateDir.resolve("logs");
    }

    /** All defaults. */
    public static AgentSettings defaults() {
        return new AgentSettings(null, null, null, null, null);
    }

    /**
     * {@code $XDG_STATE_HOME/zpm}, or {@code <home>/.local/state/zpm} when the variable is unset,
     * empty or relative (the XDG spec says to ignore relative values).
     */
    public static Path defaultStateDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "zpm");
        }
        return Path.of(userHome, ".local", "state", "zpm");
    }

    /** The token file actually used: {@code tokenFile}, or {@code <stateDir>/token}. */
    public Path tokenPath() {
        return tokenFile != null ? tokenFile : stateDir.resolve("token");
    }

    public AgentSettings withRpc(HostPort value) {
        return new AgentSettings(value, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withHttp(HostPort value) {
        return new AgentSettings(rpc, value, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withStateDir(Path value) {
        return new AgentSettings(rpc, http, value, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withTokenFile(Path value) {
        return new AgentSettings(rpc, http, stateDir, value, logLevel, tlsCert, tlsKey, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withLogLevel(String value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, value, tlsCert, tlsKey, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withTls(Path cert, Path key) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, cert, key, tcpMigrate, logs,
                node, cluster);
    }

    public AgentSettings withTcpMigrate(boolean value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, value, logs,
                node, cluster);
    }

    public AgentSettings withLogs(Logs value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, value,
                node, cluster);
    }

    public AgentSettings withNode(String value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs, value,
                cluster);
    }

    public AgentSettings withCluster(ClusterSettings value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate, logs, node,
                value);
    }
}
