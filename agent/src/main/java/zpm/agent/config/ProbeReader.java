package zpm.agent.config;

import static zpm.agent.config.Fields.at;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import zpm.agent.core.ProbeSpec;
import zpm.agent.core.ProbeSpec.Type;

/** Reads an app's {@code readiness} or {@code liveness} object into a {@link ProbeSpec}. */
final class ProbeReader {

    static final List<String> KEYS = List.of("type", "port", "path", "command", "timeoutMs",
            "intervalMs", "failureThreshold");

    /** What an absent key means for each kind of probe. */
    enum Kind {
        READINESS("readiness", ProbeSpec.DEFAULT_READY_TIMEOUT_MS, ProbeSpec.DEFAULT_INTERVAL_MS),
        LIVENESS("liveness", 2_000, 10_000);

        final String key;
        final long timeoutMs;
        final long intervalMs;

        Kind(String key, long timeoutMs, long intervalMs) {
            this.key = key;
            this.timeoutMs = timeoutMs;
            this.intervalMs = intervalMs;
        }

        /** Liveness notify is systemd's watchdog: WATCHDOG=1 at least every timeoutMs. */
        List<String> typeNames() {
            return Arrays.stream(Type.values()).map(Type::wireName).toList();
        }
    }

    private final Fields fields;

    ProbeReader(Fields fields) {
        this.fields = fields;
    }

    /**
     * @return the probe; for an absent probe {@link ProbeSpec#NONE} (readiness) or null
     *         (liveness, also for type none); null after a problem was reported
     */
    ProbeSpec read(JsonNode app, String appPath, Kind kind, boolean appHasPort) {
        JsonNode node = Fields.get(app, kind.key);
        if (node == null) {
            return kind == Kind.READINESS ? ProbeSpec.NONE : null;
        }
        String path = at(appPath, kind.key);
        if (!fields.requireObject(node, path, "an object like {\"type\": \"tcp\"}")) {
            return null;
        }
        fields.knownKeys(node, path, KEYS);
        Type type = type(node, path, kind);
        Long port = fields.number(node, path, "port", 1, 65_535);
        String httpPath = httpPath(node, path);
        List<String> command = fields.stringList(node, path, "command", true, "");
        long timeout = orDefault(fields.number(node, path, "timeoutMs", 1, Long.MAX_VALUE), kind.timeoutMs);
        long interval = orDefault(fields.number(node, path, "intervalMs", 1, Long.MAX_VALUE), kind.intervalMs);
        long threshold = orDefault(fields.number(node, path, "failureThreshold", 1, Integer.MAX_VALUE),
                ProbeSpec.DEFAULT_FAILURE_THRESHOLD);
        if (type == null) {
            return null;
        }
        checkFitsType(node, path, type, appHasPort);
        if (type == Type.NONE && kind == Kind.LIVENESS) {
            return null;
        }
        return new ProbeSpec(type, port == null ? null : port.intValue(),
                type == Type.HTTP ? (httpPath == null ? "/" : httpPath) : null,
                command, timeout, interval, (int) threshold);
    }

    private Type type(JsonNode node, String path, Kind kind) {
        List<String> names = kind.typeNames();
        if (Fields.get(node, "type") == null) {
            fields.problems().add(at(path, "type"), "required, one of " + String.join(", ", names));
            return null;
        }
        return fields.choice(node, path, "type", w -> names.contains(w) ? Type.fromWire(w) : null, names);
    }

    private String httpPath(JsonNode node, String path) {
        String value = fields.string(node, path, "path");
        if (value != null && !value.startsWith("/")) {
            fields.problems().add(at(path, "path"), "must start with \"/\" (got \"" + value + "\")");
            return null;
        }
        return value;
    }

    /** Keys that the type would silently ignore are mistakes; a missing port or command is too. */
    private void checkFitsType(JsonNode node, String path, Type type, boolean appHasPort) {
        boolean network = type == Type.TCP || type == Type.HTTP;
        onlyFor(node, path, "port", network, "tcp and http", type);
        onlyFor(node, path, "path", type == Type.HTTP, "http", type);
        onlyFor(node, path, "command", type == Type.EXEC, "exec", type);
        if (network && Fields.get(node, "port") == null && !appHasPort) {
            String app = path.substring(0, Math.max(0, path.lastIndexOf('.')));
            fields.problems().add(at(path, "port"), "a " + type.wireName() + " probe needs a port: set "
                    + at(path, "port") + " or the app's port (" + at(app, "port") + ")");
        }
        if (type == Type.EXEC && Fields.get(node, "command") == null) {
            fields.problems().add(at(path, "command"),
                    "an exec probe needs a command: a non-empty list of strings, e.g. [\"curl\", \"-f\", \"localhost:8080\"]");
        }
    }

    private void onlyFor(JsonNode node, String path, String key, boolean fits, String types, Type type) {
        if (!fits && Fields.get(node, key) != null) {
            fields.problems().add(at(path, key), "only used by " + types + " probes (this one is "
                    + type.wireName() + ")");
        }
    }

    private static long orDefault(Long value, long otherwise) {
        return value == null ? otherwise : value;
    }
}
