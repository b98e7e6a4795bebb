package zpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code <stateDir>/agent.json}, the running agent's address, as the agent writes it once both
 * listeners are bound: {"pid", "rpc", "http", "version", "startedAtMs", "config"}.
 *
 * @param rpc  "HOST:PORT" of the JSON-RPC TCP listener
 * @param http "HOST:PORT" of the HTTP listener, or null when it is off
 */
record AgentFile(long pid, String rpc, String http, String version, long startedAtMs) {

    static final String NAME = "agent.json";
    static final String LOCK = "lock";

    /**
     * The agent of {@code stateDir}, when its file names a live process that owns the state
     * directory's lock (the lock file holds the owner's pid) and that started no later than the
     * file says (a pid reused by another process after the agent died is not trusted).
     */
    static Optional<AgentFile> live(Path stateDir) {
        Optional<AgentFile> f = read(stateDir.resolve(NAME));
        if (f.isEmpty() || !lockOwner(stateDir).equals(Long.toString(f.get().pid()))) {
            return Optional.empty();
        }
        return f.filter(AgentFile::processMatches);
    }

    static Optional<AgentFile> read(Path file) {
        try {
            JsonNode n = JsonTree.read(Files.readString(file, StandardCharsets.UTF_8));
            if (n == null || !n.path("pid").canConvertToLong() || !n.path("rpc").isTextual()) {
                return Optional.empty();
            }
            String http = n.path("http").isTextual() ? n.path("http").asText() : null;
            return Optional.of(new AgentFile(n.path("pid").asLong(), n.path("rpc").asText(), http,
                    n.path("version").asText(""), n.path("startedAtMs").asLong(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // missing, half-written by a crashed writer, or not JSON: no agent to trust
        }
    }

    private static String lockOwner(Path stateDir) {
        try {
            return Files.readString(stateDir.resolve(LOCK), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private boolean processMatches() {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = p.get().info().startInstant();
        // The process exists before it writes the file; one second of slack for clock rounding.
        return started.isEmpty() || startedAtMs == 0 || started.get().toEpochMilli() <= startedAtMs + 1_000;
    }
}
