package zpm.agent.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects problems instead of failing on the first, so a user fixes a file in one round.
 * Each line reads {@code SOURCE: PATH: MESSAGE}; the source (a file name) may be absent.
 */
final class Problems {

    private final String source;
    private final List<String> lines = new ArrayList<>();

    /** @param source prefixed to every line (the file as the user named it), or null */
    Problems(String source) {
        this.source = source;
    }

    void add(String path, String message) {
        StringBuilder line = new StringBuilder();
        if (source != null) {
            line.append(source).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            line.append(path).append(": ");
        }
        lines.add(line.append(message).toString());
    }

    int count() {
        return lines.size();
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
