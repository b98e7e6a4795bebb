package zpm.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 */
public record AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile,
                            String logLevel, Path tlsCert, Path tlsKey, boolean tcpMigrate) {

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
    }

    /** Without TLS. */
    public AgentSettings(HostPort rpc, HostPort http, Path stateDir, Path tokenFile, String logLevel) {
        this(rpc, http, stateDir, tokenFile, logLevel, null, null, false);
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
        return new AgentSettings(value, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate);
    }

    public AgentSettings withHttp(HostPort value) {
        return new AgentSettings(rpc, value, stateDir, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate);
    }

    public AgentSettings withStateDir(Path value) {
        return new AgentSettings(rpc, http, value, tokenFile, logLevel, tlsCert, tlsKey, tcpMigrate);
    }

    public AgentSettings withTokenFile(Path value) {
        return new AgentSettings(rpc, http, stateDir, value, logLevel, tlsCert, tlsKey, tcpMigrate);
    }

    public AgentSettings withLogLevel(String value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, value, tlsCert, tlsKey, tcpMigrate);
    }

    public AgentSettings withTls(Path cert, Path key) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, cert, key, tcpMigrate);
    }

    public AgentSettings withTcpMigrate(boolean value) {
        return new AgentSettings(rpc, http, stateDir, tokenFile, logLevel, tlsCert, tlsKey, value);
    }
}
