package zpm.repl.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the apps of {@code start --file}: JSON or YAML, one app, a list, or {"apps": [...]}. */
final class AppFile {

    private AppFile() {
    }

    /**
     * @param local when the agent runs here: a relative (or missing) cwd then means the file's
     *              directory, as in the agent's config file
     */
    static List<JsonNode> read(Path file, boolean local) {
        JsonNode root = parse(file);
        List<JsonNode> apps = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(apps::add);
        } else if (root.has("apps") && !root.has("name")) {
            root.path("apps").forEach(apps::add);
        } else {
            apps.add(root);
        }
        if (apps.isEmpty() || apps.stream().anyMatch(a -> !a.isObject())) {
            throw new UsageException(file + " holds no app objects (give {\"name\": ..., \"command\": [...]},"
                    + " a list of them, or {\"apps\": [...]})");
        }
        if (local) {
            Path dir = file.toAbsolutePath().getParent();
            apps.forEach(a -> ((ObjectNode) a).put("cwd", dir.resolve(a.path("cwd").asText(".")).normalize().toString()));
        }
        return apps;
    }

    private static JsonNode parse(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        try {
            // JSON through the protocol's own reader: an ObjectMapper costs a one-shot zpm about 0.2 s
            byte[] text = Files.readAllBytes(file);
            JsonNode root = yaml ? new ObjectMapper(new YAMLFactory()).readTree(text) : JsonTree.read(text);
            if (root == null || root.isMissingNode()) {
                throw new UsageException(file + " is empty");
            }
            return root;
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
            throw new UsageException("cannot read " + file + ": " + firstLine(why));
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
