package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.WorkerInfo;
import zpm.protocol.api.AppCalls.AppView;
import zpm.protocol.api.WorkerCalls.LastExit;
import zpm.protocol.api.WorkerCalls.WorkerRow;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * The supervisor's views as the protocol's result records (whose shapes docs/protocol.md shows);
 * the app spec as the config file's keys.
 */
final class Views {

    private Views() {
    }

    static WorkerRow worker(String node, WorkerInfo w, StatsCache.Stats stats) {
        WorkerInfo.LastExit e = w.lastExit();
        // reason: why it was asked to leave, else what the kernel said (e.g. "oom")
        LastExit lastExit = e == null ? null : new LastExit(e.status().code(), e.status().signal(), e.expected(),
                e.uptimeMs(), e.reason() != null ? e.reason() : e.status().reason());
        return new WorkerRow(node, w.id(), w.slot(), w.app(), w.pid(), w.state().wireName(), w.uptimeMs(), w.restarts(),
                w.statusText(), lastExit, w.reason(), stats == null ? null : stats.cpuPercent(),
                stats == null ? null : stats.rssBytes(), stats == null ? 0 : stats.connections());
    }

    static AppView app(String node, AppInfo a) {
        return new AppView(node, a.name(), a.state().wireName(), a.size(), a.workers(), a.online(), a.reason(),
                spec(a.spec()));
    }

    /** The spec with the keys of the config file, so it can be fed back to apps.start. */
    static ObjectNode spec(AppSpec s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", s.name());
        n.set("command", JsonTree.of(s.command()));
        if (s.cwd() != null) {
            n.put("cwd", s.cwd());
        }
        if (!s.env().isEmpty()) {
            n.set("env", JsonTree.of(s.env()));
        }
        n.put("size", s.size());
        if (s.port() != null) {
            n.put("port", s.port());
        }
        n.put("restart", s.restart().wireName());
        ObjectNode b = n.putObject("backoff");
        b.put("initialMs", s.backoff().initialMs());
        b.put("maxMs", s.backoff().maxMs());
        b.put("resetAfterMs", s.backoff().resetAfterMs());
        b.put("burst", s.backoff().burst());
        n.put("minRestartAgeMs", s.minRestartAgeMs());
        n.put("killTimeout", s.killTimeoutMs());
        n.put("stopSignal", s.stopSignal().name());
        n.set("readiness", probe(s.readiness()));
        if (s.liveness() != null) {
            n.set("liveness", probe(s.liveness()));
        }
        if (s.maxMemoryMb() != null) {
            n.put("maxMemoryMb", s.maxMemoryMb());
        }
        if (!s.watch().isEmpty()) {
            n.set("watch", JsonTree.of(s.watch()));
        }
        if (s.limits().any()) {
            ObjectNode limits = n.putObject("limits");
            if (s.limits().memoryMb() != null) {
                limits.put("memoryMb", s.limits().memoryMb());
            }
            if (s.limits().cpuPercent() != null) {
                limits.put("cpuPercent", s.limits().cpuPercent());
            }
        }
        if (s.user() != null) {
            n.put("user", s.user());
        }
        if (s.group() != null) {
            n.put("group", s.group());
        }
        if (!s.autostart()) {
            n.put("autostart", false);
        }
        if (s.logs().any()) {
            ObjectNode logs = n.putObject("logs");
            if (s.logs().maxBytes() != null) {
                logs.put("maxBytes", s.logs().maxBytes());
            }
            if (s.logs().keep() != null) {
                logs.put("keep", s.logs().keep());
            }
            if (s.logs().compress() != null) {
                logs.put("compress", s.logs().compress());
            }
            if (s.logs().daily() != null) {
                logs.put("daily", s.logs().daily());
            }
        }
        return n;
    }

    private static ObjectNode probe(ProbeSpec p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", p.type().wireName());
        if (p.port() != null) {
            n.put("port", p.port());
        }
        if (p.path() != null) {
            n.put("path", p.path());
        }
        if (!p.command().isEmpty()) {
            n.set("command", JsonTree.of(p.command()));
        }
        n.put("timeoutMs", p.timeoutMs());
        n.put("intervalMs", p.intervalMs());
        if (p.type() != ProbeSpec.Type.NONE) {
            n.put("failureThreshold", p.failureThreshold());
        }
        return n;
    }
}
