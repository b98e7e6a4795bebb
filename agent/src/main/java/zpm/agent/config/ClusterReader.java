package zpm.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code agent.cluster}: the node name and how this agent joins a fleet. */
final class ClusterReader {

    static final List<String> KEYS = List.of("node", "host", "port", "join", "tls", "heartbeatMs", "failAfterMs",
            "callTimeoutMs");
    static final List<String> TLS_KEYS = List.of("cert", "key", "ca");
    private static final String WHERE = "agent.cluster";
    private static final long MAX_MS = 3_600_000;

    /** What the section says: the node name (null: not given) and the settings (null: no section). */
    record Read(String node, ClusterSettings cluster) {
    }

    private final Fields fields;

    ClusterReader(Fields fields) {
        this.fields = fields;
    }

    /** The section of {@code agent}; a section that is present turns clustering on, even an empty one. */
    Read read(JsonNode agent, Path baseDir) {
        JsonNode node = Fields.get(agent, "cluster");
        if (node == null || !fields.requireObject(node, WHERE, "an object with the keys " + String.join(", ", KEYS))) {
            return new Read(null, null);
        }
        fields.knownKeys(node, WHERE, KEYS);
        String name = fields.string(node, WHERE, "node");
        if (name != null && ClusterRules.nodeNameProblem(name) != null) {
            fields.problems().add(WHERE + ".node", ClusterRules.nodeNameProblem(name));
        }
        String host = host(node);
        Long port = fields.number(node, WHERE, "port", 1, 65_535);
        List<HostPort> join = join(node);
        ClusterSettings.Tls tls = tls(node, baseDir);
        Long heartbeat = fields.number(node, WHERE, "heartbeatMs", 1, MAX_MS);
        Long failAfter = fields.number(node, WHERE, "failAfterMs", 1, MAX_MS);
        Long callTimeout = fields.number(node, WHERE, "callTimeoutMs", 1, MAX_MS);
        ClusterSettings cluster = new ClusterSettings(
                new HostPort(host == null ? ClusterSettings.DEFAULT_HOST : host,
                        port == null ? ClusterSettings.DEFAULT_PORT : port.intValue()),
                join, tls,
                heartbeat == null ? ClusterSettings.DEFAULT_HEARTBEAT_MS : heartbeat,
                failAfter == null ? ClusterSettings.DEFAULT_FAIL_AFTER_MS : failAfter,
                callTimeout == null ? ClusterSettings.DEFAULT_CALL_TIMEOUT_MS : callTimeout);
        return new Read(name, cluster);
    }

    private String host(JsonNode node) {
        String text = fields.string(node, WHERE, "host");
        try {
            return text == null ? null : ClusterRules.memberHost(text);
        } catch (IllegalArgumentException e) {
            fields.problems().add(WHERE + ".host", e.getMessage());
            return null;
        }
    }

    private List<HostPort> join(JsonNode node) {
        List<String> texts = fields.stringList(node, WHERE, "join", false,
                " of members, e.g. [\"10.0.0.5:7710\", \"10.0.0.6:7710\"]");
        List<HostPort> join = new ArrayList<>();
        for (int i = 0; texts != null && i < texts.size(); i++) {
            try {
                join.add(ClusterRules.joinEntry(texts.get(i)));
            } catch (IllegalArgumentException e) {
                fields.problems().add(WHERE + ".join[" + i + "]", e.getMessage());
            }
        }
        return join;
    }

    /** All three files or none; relative paths resolve against the config file's directory. */
    private ClusterSettings.Tls tls(JsonNode cluster, Path baseDir) {
        JsonNode node = Fields.get(cluster, "tls");
        String where = WHERE + ".tls";
        if (node == null || !fields.requireObject(node, where, "an object with the PEM files cert, key and ca")) {
            return null;
        }
        fields.knownKeys(node, where, TLS_KEYS);
        Path[] files = new Path[TLS_KEYS.size()];
        boolean complete = true;
        for (int i = 0; i < files.length; i++) {
            String key = TLS_KEYS.get(i);
            String text = fields.string(node, where, key);
            String problem = text == null ? null : ConfigLoader.pathProblem(text);
            if (text == null && Fields.get(node, key) == null) {
                fields.problems().add(where + "." + key, "missing: the event bus's TLS needs cert (this node's"
                        + " certificate), key (its private key) and ca (the fleet's CA), each a PEM file");
            } else if (problem != null) {
                fields.problems().add(where + "." + key, problem);
            }
            files[i] = text == null || problem != null ? null : ConfigLoader.resolvePath(text, baseDir);
            complete &= files[i] != null;
        }
        return complete ? new ClusterSettings.Tls(files[0], files[1], files[2]) : null;
    }
}
