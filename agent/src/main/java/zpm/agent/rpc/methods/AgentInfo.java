package zpm.agent.rpc.methods;

import zpm.agent.api.SupervisorApi;
import zpm.agent.core.AppInfo;
import zpm.agent.core.WorkerInfo;
import zpm.agent.os.TcpMigrate;
import zpm.agent.os.TreeSampler;
import zpm.agent.os.WorkerCgroups;
import zpm.protocol.ZpmVersion;
import zpm.agent.logfiles.LogWriter;
import zpm.protocol.api.AgentCalls.InfoResult;
import zpm.protocol.api.AgentCalls.LogsInfo;
import zpm.protocol.api.AgentCalls.ProcessTrackingInfo;
import zpm.protocol.api.AgentCalls.TcpMigrateInfo;

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
 * @param tcpMigrate    whether the agent may set net.ipv4.tcp_migrate_req ({@code agent.tcpMigrate})
 * @param node          the agent's node name ({@code --node}; the host name unless given)
 */
public record AgentInfo(String rpc, String http, LongSupplier droppedEvents, boolean tcpMigrate, String node) {

    /** Without leave to set net.ipv4.tcp_migrate_req, named after the host. */
    public AgentInfo(String rpc, String http, LongSupplier droppedEvents) {
        this(rpc, http, droppedEvents, false, hostname());
    }

    /** Blocking (reads /proc): call off the event loop. */
    InfoResult read(SupervisorApi agent, List<AppInfo> apps, List<WorkerInfo> workers) {
        return new InfoResult(ZpmVersion.get(), ProcessHandle.current().pid(), hostname(), node,
                Instant.ofEpochMilli(agent.startedAtMs()).toString(), System.currentTimeMillis() - agent.startedAtMs(),
                System.getProperty("java.version"), agent.stateDir().toString(), rpc, http,
                TreeSampler.selfRssBytes(), apps.stream().map(AppInfo::name).toList(), workers.size(),
                droppedEvents.getAsLong(), new TcpMigrateInfo(tcpMigrate, TcpMigrate.currentBlocking()),
                agent.stateDirProblemsBlocking(), tracking(agent.cgroups()), logs(agent.logFiles()));
    }

    /** Blocking: the directory's size, cached by the writer for a few seconds. */
    private static LogsInfo logs(LogWriter files) {
        if (files == null) {
            return LogsInfo.OFF;
        }
        return new LogsInfo(files.dir().toString(), files.bytesBlocking(), files.unwritten(), files.error());
    }

    private static ProcessTrackingInfo tracking(WorkerCgroups cgroups) {
        if (cgroups == null) {
            return null;
        }
        Path group = cgroups.v2Group();
        return new ProcessTrackingInfo(cgroups.tracking(), group == null ? null : group.toString(),
                cgroups.placementMode(), cgroups.support().controllers());
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
