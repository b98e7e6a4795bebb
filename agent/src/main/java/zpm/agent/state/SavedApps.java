package zpm.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.agent.os.PrivateFiles;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <stateDir>/saved.json}, written by {@code apps.save}: every app with its size at that
 * moment, as {@code apps.start} takes it (config-file keys). {@code apps.resurrect} starts from it,
 * and so does an agent without {@code --config}. Atomic and 0600 (env values live here). All
 * blocking: callers run it off the event loop.
 */
public final class SavedApps {

    public static final String FILE_NAME = "saved.json";

    private SavedApps() {
    }

    public static Path file(Path stateDir) {
        return stateDir.resolve(FILE_NAME);
    }

    /** Writes {"savedAt", "apps"}; each app object is taken as given (its "size" the current one). */
    public static void writeBlocking(Path stateDir, List<JsonNode> apps) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("savedAt", Instant.now().toString());
        ArrayNode list = root.putArray("apps");
        apps.forEach(list::add);
        PrivateFiles.writeAtomicBlocking(file(stateDir), (JsonTree.writePretty(root) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The saved apps by name, in file order; null when there is no saved.json.
     *
     * @throws IOException when the file is unreadable or not {"apps": [{"name": ...}, ...]}
     */
    public static Map<String, JsonNode> readBlocking(Path stateDir) throws IOException {
        Path file = file(stateDir);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        JsonNode root = JsonTree.read(bytes);
        if (root == null || !root.path("apps").isArray()) {
            throw new IOException(file + " is not {\"apps\": [...]}: run zpm save again");
        }
        Map<String, JsonNode> apps = new LinkedHashMap<>();
        for (JsonNode app : root.get("apps")) {
            if (!app.path("name").isTextual()) {
                throw new IOException(file + ": an app has no \"name\": run zpm save again");
            }
            apps.put(app.get("name").asText(), app);
        }
        return apps;
    }

    /**
     * What differs between the saved apps ({@code null}: none saved) and the sizes now: {@code "+api
     * -web web 2->4"}, or null when nothing does.
     */
    public static String changes(Map<String, JsonNode> saved, Map<String, Integer> now) {
        Map<String, JsonNode> before = saved == null ? Map.of() : saved;
        List<String> parts = new ArrayList<>();
        now.keySet().stream().filter(n -> !before.containsKey(n)).forEach(n -> parts.add("+" + n));
        before.keySet().stream().filter(n -> !now.containsKey(n)).forEach(n -> parts.add("-" + n));
        now.forEach((name, size) -> {
            JsonNode app = before.get(name);
            if (app != null && app.path("size").asInt(1) != size) {
                parts.add(name + " " + app.path("size").asInt(1) + "->" + size);
            }
        });
        return parts.isEmpty() ? null : String.join(" ", parts);
    }
}
