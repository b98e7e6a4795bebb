package zpm.agent.rpc.methods;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.agent.core.AppInfo;
import zpm.agent.core.AppSpec;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.WorkerInfo;
import zpm.protocol.jsonrpc.JsonTree;

import java.util.Collection;

/** The JSON shapes of results: one place, so docs/protocol.md has one source to follow. */
final class Views {


    private Views() {
    }

    static ObjectNode worker(WorkerInfo w, StatsCache.Stats stats) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", w.id());
        n.put("slot", w.slot());
        n.put("app", w.app());
        if (w.pid() != null) {
            n.put("pid", w.pid());
        } else {
            n.putNull("pid");
        }
        n.put("state", w.state().wireName());
        n.put("uptimeMs", w.uptimeMs());
        n.put("restarts", w.restarts());
        n.put("statusText", w.statusText());
        if (w.lastExit() != null) {
            ObjectNode e = n.putObject("lastExit");
            e.put("code", w.lastExit().status().code());
            e.put("signal", w.lastExit().status().signal());
            e.put("expected", w.lastExit().expected());
            e.put("uptimeMs", w.lastExit().uptimeMs());
            e.put("reason", w.lastExit().reason());
        } else {
            n.putNull("lastExit");
        }
        n.put("reason", w.reason());
        if (stats != null) {
            if (stats.cpuPercent() != null) {
                n.put("cpu", stats.cpuPercent());
            } else {
                n.putNull("cpu");
            }
            n.put("rssBytes", stats.rssBytes());
            n.put("connections", stats.connections());
        } else {
            n.putNull("cpu");
            n.putNull("rssBytes");
            n.put("connections", 0);
        }
        return n;
    }

    static ObjectNode app(AppInfo a) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", a.name());
        n.put("state", a.state().wireName());
        n.put("size", a.size());
        n.put("workers", a.workers());
        n.put("online", a.online());
        n.put("reason", a.reason());
        n.set("spec", spec(a.spec()));
        return n;
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
        n.put("minRestartAgeMs", s.minRestartAgeMs());
        n.put("killTimeout", s.killTimeoutMs());
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

    static ArrayNode ids(Collection<Long> ids) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        ids.forEach(a::add);
        return a;
    }
}
