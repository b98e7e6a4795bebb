package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Params;

import java.util.List;
import java.util.Map;

/** The agent itself: {@code auth} and {@code agent.info} (and the records {@code agent.quit} uses). */
public final class AgentCalls {

    private AgentCalls() {
    }

    /** The params of a method that takes none. */
    public record None() {
        static final None INSTANCE = new None();

        static None read(Params p) {
            return INSTANCE;
        }
    }

    /** {@code auth} params. */
    public record AuthParams(String token) {
        static AuthParams read(Params p) {
            return new AuthParams(p.string("token"));
        }
    }

    /** {@code auth} result: {"ok": true, "readOnly": bool}. */
    public record AuthResult(boolean ok, boolean readOnly) {
        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("ok", ok);
            n.put("readOnly", readOnly);
            return n;
        }
    }

    /**
     * {@code agent.info} result: who and where the agent is ({@code node}: its name in a fleet,
     * which is the host name unless given). {@code stateDirProblems}: what is
     * wrong with the state directory (files set aside as corrupt, failed writes), empty when healthy.
     */
    public record InfoResult(String version, long pid, String host, String node, String startedAt, long uptimeMs,
                             String java,
                             String stateDir, String rpc, String http, long rssBytes, List<String> apps,
                             int workers, long droppedEvents, TcpMigrateInfo tcpMigrate,
                             List<String> stateDirProblems, ProcessTrackingInfo processTracking, LogsInfo logs) {
        public InfoResult {
            apps = List.copyOf(apps);
            stateDirProblems = List.copyOf(stateDirProblems);
        }

        JsonNode toJson() {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("version", version);
            n.put("pid", pid);
            n.put("host", host);
            n.put("node", node);
            n.put("startedAt", startedAt);
            n.put("uptimeMs", uptimeMs);
            n.put("java", java);
            n.put("stateDir", stateDir);
            n.put("rpc", rpc);
            n.put("http", http);
            n.put("rssBytes", rssBytes);
            n.set("apps", JsonTree.of(apps));
            n.put("workers", workers);
            n.put("droppedEvents", droppedEvents);
            n.putObject("tcpMigrate").put("allowed", tcpMigrate.allowed()).put("sysctl", tcpMigrate.sysctl());
            n.set("stateDirProblems", JsonTree.of(stateDirProblems));
            if (processTracking != null) {
                ObjectNode t = n.putObject("processTracking").put("mode", processTracking.mode())
                        .put("cgroup", processTracking.cgroup()).put("placement", processTracking.placement());
                ObjectNode limits = t.putObject("limitControllers");
                processTracking.limitControllers().forEach(limits::put);
            }
            ObjectNode l = n.putObject("logs");
            l.put("dir", logs.dir());
            l.put("bytes", logs.bytes());
            l.put("unwritten", logs.unwritten());
            l.put("error", logs.error());
            return n;
        }
    }

    /**
     * The log files: their directory (null when files are off), its total bytes (measured at most
     * every few seconds), worker lines that could not be written since the agent started, and the
     * write error in force (null while writing works).
     */
    public record LogsInfo(String dir, long bytes, long unwritten, String error) {
        public static final LogsInfo OFF = new LogsInfo(null, 0, 0, null);
    }

    /**
     * {@code net.ipv4.tcp_migrate_req}: whether the operator allowed the agent to set it
     * ({@code agent.tcpMigrate}), and the value in force ("1", "0"; null without such a setting).
     */
    public record TcpMigrateInfo(boolean allowed, String sysctl) {
    }

    /**
     * How the agent finds every process of a worker: {@code mode} "cgroup-v2" (each worker in a
     * cgroup of its own under {@code cgroup}, the agent's group, ended with cgroup.kill) or
     * "process-group" (its process group and session, and the descendants seen); and the
     * {@code limits} controllers it can use, "memory" / "cpu" to "v2" or "v1" (absent: refused).
     */
    public record ProcessTrackingInfo(String mode, String cgroup, String placement, Map<String, String> limitControllers) {
        public ProcessTrackingInfo {
            limitControllers = new java.util.TreeMap<>(limitControllers);
        }
    }

    public static final Method<AuthParams, AuthResult> AUTH = Method.of("auth", false,
            "authenticate this connection", List.of(Param.required("token", Param.Kind.VALUE, "string")),
            AuthParams::read, AuthResult::toJson).answeredByConnection();

    public static final Method<None, InfoResult> INFO = Method.of("agent.info", false,
            "version, pid, uptime, host, apps and the agent's own memory", List.of(),
            None::read, InfoResult::toJson);

    /** In wire order. */
    static final List<Method<?, ?>> METHODS = List.of(AUTH, INFO);
}
