package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.ZpmClient;

import java.util.ArrayList;
import java.util.List;

/**
 * The fleet behind the console's connection, as {@code nodes} last said: the node names and
 * which one the console is connected to. Asked at connect, on reconnect and on each node-joined
 * / node-left event (the console's alert subscription brings them), never per command: a
 * command costs no extra round trip. An agent without {@code nodes} leaves it empty: no fleet.
 */
public final class FleetView {

    private final ZpmClient client;
    private final Runnable changed;
    private volatile List<String> names = List.of();
    private volatile String self;

    /** @param changed called (on the client's thread) when the node names change */
    public FleetView(ZpmClient client, Runnable changed) {
        this.client = client;
        this.changed = changed;
    }

    /** Asks {@code nodes} in the background. */
    public void refresh() {
        client.callAsync("nodes", (JsonNode) null).thenAccept(this::update);
    }

    void update(JsonNode result) {
        List<String> now = new ArrayList<>();
        String me = null;
        for (JsonNode n : result.path("nodes")) {
            now.add(n.path("name").asText());
            me = n.path("self").asBoolean(false) ? n.path("name").asText() : me;
        }
        self = me;
        if (!now.equals(names)) {
            names = List.copyOf(now);
            changed.run();
        }
    }

    /** The node names, sorted as {@code nodes} lists them; empty until known. */
    public List<String> names() {
        return names;
    }

    /** The node the console is connected to, or null when not known. */
    public String self() {
        return self;
    }

    /** True when more than one node is known: ids are then shown and completed as "b/3". */
    public boolean isFleet() {
        return names.size() > 1;
    }
}
