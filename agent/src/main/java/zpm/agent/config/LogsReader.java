package zpm.agent.config;

import static zpm.agent.config.Fields.at;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import zpm.agent.core.AppSpec;

/** Reads {@code logs} objects: the agent's ({@code dir} and rotation) and an app's (rotation). */
final class LogsReader {

    static final List<String> APP_KEYS = List.of("maxBytes", "keep", "compress", "daily");
    static final List<String> AGENT_KEYS = List.of("dir", "maxBytes", "keep", "compress", "daily");
    /** Below this a file would rotate at every few lines. */
    static final long MIN_MAX_BYTES = 1024;
    static final long MAX_MAX_BYTES = 1L << 40;
    static final int MAX_KEEP = 1000;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*([KMG]B?|B)?", Pattern.CASE_INSENSITIVE);
    private static final String SIZE_RULE = "a size in bytes from 1024 to 1TB: a whole number or a string like "
            + "\"512KB\", \"10MB\", \"1GB\" (KB = 1024 bytes)";

    private final Fields fields;

    LogsReader(Fields fields) {
        this.fields = fields;
    }

    /** An app's {@code logs}; {@link AppSpec.LogRotation#INHERIT} when absent or wrong. */
    AppSpec.LogRotation app(JsonNode app, String path) {
        JsonNode node = Fields.get(app, "logs");
        String where = at(path, "logs");
        if (node == null || !fields.requireObject(node, where, "an object with " + String.join(", ", APP_KEYS))) {
            return AppSpec.LogRotation.INHERIT;
        }
        fields.knownKeys(node, where, APP_KEYS);
        return rotation(node, where);
    }

    /** {@code agent.logs}; defaults when absent. */
    AgentSettings.Logs agent(JsonNode agent, Path baseDir) {
        JsonNode node = Fields.get(agent, "logs");
        String where = "agent.logs";
        if (node == null || !fields.requireObject(node, where, "an object with " + String.join(", ", AGENT_KEYS))) {
            return AgentSettings.Logs.DEFAULT;
        }
        fields.knownKeys(node, where, AGENT_KEYS);
        AppSpec.LogRotation rotation = rotation(node, where);
        String dir = fields.string(node, where, "dir");
        if (dir == null) {
            return new AgentSettings.Logs(null, false, rotation);
        }
        if (dir.equals(AgentSettings.Logs.NONE)) {
            return new AgentSettings.Logs(null, true, rotation);
        }
        String problem = ConfigLoader.pathProblem(dir);
        if (problem != null) {
            fields.problems().add(at(where, "dir"), problem + " (or \"none\": no log files)");
            return AgentSettings.Logs.DEFAULT;
        }
        return new AgentSettings.Logs(ConfigLoader.resolvePath(dir, baseDir), false, rotation);
    }

    private AppSpec.LogRotation rotation(JsonNode node, String where) {
        Long maxBytes = size(node, where);
        Long keep = fields.number(node, where, "keep", 0, MAX_KEEP, " (rotated files kept; 0 = none)");
        Boolean compress = bool(node, where, "compress");
        Boolean daily = bool(node, where, "daily");
        return new AppSpec.LogRotation(maxBytes, keep == null ? null : keep.intValue(), compress, daily);
    }

    private Long size(JsonNode node, String where) {
        JsonNode value = Fields.get(node, "maxBytes");
        if (value == null) {
            return null;
        }
        Long bytes = value.isIntegralNumber() && value.canConvertToLong() ? Long.valueOf(value.asLong())
                : value.isTextual() ? parseSize(value.asText()) : null;
        if (bytes == null || bytes < MIN_MAX_BYTES || bytes > MAX_MAX_BYTES) {
            fields.problems().add(at(where, "maxBytes"), "must be " + SIZE_RULE + " (got " + Fields.describe(value) + ")");
            return null;
        }
        return bytes;
    }

    /** "10MB" (10 MiB), "512KB", "1GB", "4096", "8 k"; null when it is none of these. */
    static Long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        return n > (Long.MAX_VALUE >> shift) ? null : n << shift;
    }

    private Boolean bool(JsonNode node, String where, String key) {
        JsonNode value = Fields.get(node, key);
        if (value != null && !value.isBoolean()) {
            fields.problems().add(at(where, key), "must be true or false (got " + Fields.describe(value) + ")");
            return null;
        }
        return value == null ? null : value.asBoolean();
    }
}
