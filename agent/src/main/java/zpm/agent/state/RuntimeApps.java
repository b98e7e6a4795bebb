package zpm.agent.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import zpm.protocol.jsonrpc.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apps started at run time with {@code apps.start}, kept in {@code <stateDir>/apps.json} so a
 * restarted agent brings them back. Each entry is the app object as given (config-file keys)
 * and whether an operator stopped it. Writes are atomic (temp file + rename) and off the event loop.
 */
public final class RuntimeApps {

    public static final String FILE_NAME = "apps.json";

    /** One kept app: its config object and whether it was stopped. */
    public record Entry(String name, JsonNode app, boolean stopped) {
    }

    private final Vertx vertx;
    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private RuntimeApps(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    /** Reads the file (a missing file is an empty list); a malformed one is an IOException naming it. */
    public static RuntimeApps loadBlocking(Vertx vertx, Path stateDir) throws IOException {
        RuntimeApps apps = new RuntimeApps(vertx, stateDir.resolve(FILE_NAME));
        try {
            JsonNode root = JsonTree.read(Files.readAllBytes(apps.file));
            if (root == null) {
                return apps; // an empty file
            }
            for (JsonNode e : root.path("apps")) {
                String name = e.path("app").path("name").asText();
                apps.entries.put(name, new Entry(name, e.path("app"), e.path("stopped").asBoolean(false)));
            }
        } catch (NoSuchFileException e) {
            return apps;
        } catch (IOException e) {
            throw new IOException(apps.file + " is not readable JSON (" + e.getMessage()
                    + "); move it away to start without the apps it lists", e);
        }
        return apps;
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Future<Void> put(String name, JsonNode app, boolean stopped) {
        synchronized (this) {
            entries.put(name, new Entry(name, app, stopped));
        }
        return save();
    }

    /** Marks a kept app stopped or running; apps from the config file are not kept here. */
    public Future<Void> markStopped(String name, boolean stopped) {
        synchronized (this) {
            Entry e = entries.get(name);
            if (e == null) {
                return Future.succeededFuture();
            }
            entries.put(name, new Entry(name, e.app(), stopped));
        }
        return save();
    }

    public Future<Void> remove(String name) {
        synchronized (this) {
            if (entries.remove(name) == null) {
                return Future.succeededFuture();
            }
        }
        return save();
    }

    private Future<Void> save() {
        return vertx.executeBlocking(() -> {
            writeBlocking();
            return null;
        });
    }

    /** Writes the entries as they are now: a later save never loses to an earlier one. */
    private synchronized void writeBlocking() throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("apps");
        for (Entry e : entries.values()) {
            ObjectNode n = list.addObject();
            n.set("app", e.app());
            n.put("stopped", e.stopped());
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, JsonTree.writePretty(root));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
