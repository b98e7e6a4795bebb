package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppInfo;
import zpm.agent.core.WorkerInfo;
import zpm.agent.os.TreeSampler;
import zpm.protocol.ZpmVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What agent.info reports beyond the supervisor: where the agent listens and what it dropped.
 *
 * @param rpc           the TCP JSON-RPC address
 * @param http          the HTTP address
 * @param droppedEvents events dropped for slow subscribers so far
 */
public record AgentInfo(String rpc, String http, LongSupplier droppedEvents) {

    /** Blocking (reads /proc): call off the event loop. */
    JsonNode toJson(SupervisorApi agent, List<AppInfo> apps, List<WorkerInfo> workers) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", ZpmVersion.get());
        n.put("pid", ProcessHandle.current().pid());
        n.put("host", hostname());
        n.put("startedAt", Instant.ofEpochMilli(agent.startedAtMs()).toString());
        n.put("uptimeMs", System.currentTimeMillis() - agent.startedAtMs());
        n.put("java", System.getProperty("java.version"));
        n.put("stateDir", agent.stateDir().toString());
        n.put("rpc", rpc);
        n.put("http", http);
        n.put("rssBytes", TreeSampler.selfRssBytes());
        ArrayNode names = n.putArray("apps");
        apps.forEach(a -> names.add(a.name()));
        n.put("workers", workers.size());
        n.put("droppedEvents", droppedEvents.getAsLong());
        return n;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }
}
