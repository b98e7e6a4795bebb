package zpm.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.agent.os.PrivateFiles;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Apps started at run time with {@code apps.start}, kept in {@code <stateDir>/apps.json} so a
 * restarted agent brings them back. Each entry is the app object as given (config-file keys)
 * and whether an operator stopped it. Writes are atomic (temp file + rename, mode 0600: env values
 * live here) and off the event loop. A change is written first and only then kept in memory: when
 * the write fails, nothing changed, and the caller can refuse the operation truthfully.
 */
public final class RuntimeApps {

    public static final String FILE_NAME = "apps.json";

    /** One kept app: its config object and whether it was stopped. */
    public record Entry(String name, JsonNode app, boolean stopped) {
    }

    private final Vertx vertx;
    private final Path file;
    private Map<String, Entry> entries = new LinkedHashMap<>();
    /** The last write's failure, or null after a write that succeeded (agent.info reports it). */
    private volatile String lastWriteError;

    private RuntimeApps(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    /** {@link #loadBlocking(Vertx, Path, StateDirHealth)} reporting to a health of its own. */
    public static RuntimeApps loadBlocking(Vertx vertx, Path stateDir) throws IOException {
        return loadBlocking(vertx, stateDir, new StateDirHealth(stateDir));
    }

    /**
     * Reads the file (a missing file is an empty list). A malformed one is set aside through
     * {@code health} and the agent starts without the apps it listed.
     */
    public static RuntimeApps loadBlocking(Vertx vertx, Path stateDir, StateDirHealth health) throws IOException {
        RuntimeApps apps = new RuntimeApps(vertx, stateDir.resolve(FILE_NAME));
        health.watchWrites(() -> apps.lastWriteError);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(apps.file);
        } catch (NoSuchFileException e) {
            return apps;
        }
        try {
            apps.read(JsonTree.read(bytes));
        } catch (IOException | RuntimeException e) {
            apps.entries.clear();
            health.setAside(apps.file, "not readable JSON: " + e.getMessage());
        }
        return apps;
    }

    private void read(JsonNode root) throws IOException {
        if (root == null) {
            return; // an empty file
        }
        if (!root.isObject() || (root.has("apps") && !root.get("apps").isArray())) {
            throw new IOException("expected {\"apps\": [...]}");
        }
        for (JsonNode e : root.path("apps")) {
            JsonNode app = e.path("app");
            if (!app.path("name").isTextual()) {
                throw new IOException("an entry has no app.name");
            }
            String name = app.path("name").asText();
            entries.put(name, new Entry(name, app, e.path("stopped").asBoolean(false)));
        }
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Keeps (or replaces) an app; completes with the entry it replaced, or null. */
    public Future<Entry> put(String name, JsonNode app, boolean stopped) {
        return change(name, m -> m.put(name, new Entry(name, app, stopped)));
    }

    /** Marks a kept app stopped or running (apps from the config file are not kept here): the entry before, or null. */
    public Future<Entry> markStopped(String name, boolean stopped) {
        return change(name, m -> m.computeIfPresent(name, (k, e) -> new Entry(name, e.app(), stopped)));
    }

    /** Forgets an app; completes with the entry it had, or null. */
    public Future<Entry> remove(String name) {
        return change(name, m -> m.remove(name));
    }

    /** Puts back what an operation changed before it was refused ({@code before} null: none kept). */
    public Future<Entry> restore(String name, Entry before) {
        return before == null ? remove(name) : change(name, m -> m.put(name, before));
    }

    /** Writes the changed list first; memory follows only when the file holds it. */
    private Future<Entry> change(String name, Consumer<Map<String, Entry>> edit) {
        return vertx.executeBlocking(() -> {
            synchronized (this) {
                Entry before = entries.get(name);
                Map<String, Entry> next = new LinkedHashMap<>(entries);
                edit.accept(next);
                if (next.equals(entries)) {
                    return before; // nothing to write (an app this file does not keep)
                }
                writeBlocking(next);
                entries = next;
                return before;
            }
        });
    }

    private void writeBlocking(Map<String, Entry> list) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode array = root.putArray("apps");
        for (Entry e : list.values()) {
            ObjectNode n = array.addObject();
            n.set("app", e.app());
            n.put("stopped", e.stopped());
        }
        try {
            PrivateFiles.writeAtomicBlocking(file, JsonTree.writePretty(root).getBytes(StandardCharsets.UTF_8));
            lastWriteError = null;
        } catch (IOException e) {
            lastWriteError = file + " could not be written (" + e + "): apps.start, apps.stop and apps.delete"
                    + " are refused until it can";
            throw new IOException(file + " could not be written (" + e + "); nothing was changed:"
                    + " make the state dir writable and try again", e);
        }
    }
}
