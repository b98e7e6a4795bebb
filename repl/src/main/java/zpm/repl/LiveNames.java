package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import zpm.protocol.client.ZpmClient;
import zpm.repl.command.Completions;
import zpm.repl.render.FleetRows;

import java.util.ArrayList;
import java.util.List;

/**
 * App names, worker ids and, in a fleet, node names and {@code NODE/} targets for Tab, fetched
 * from the agent and kept for a moment: Tab pressed twice asks once, and a name started a second
 * ago shows up.
 */
public final class LiveNames implements Completions.Live {

    private static final long FRESH_MS = 2_000;

    private final ZpmClient client;
    private final FleetView fleet;
    private List<String> apps = List.of();
    private JsonNode workers = null;
    private long appsAt;
    private long workersAt;

    public LiveNames(ZpmClient client) {
        this(client, null);
    }

    /** @param fleet the node names (from {@code nodes}), or null when not known */
    public LiveNames(ZpmClient client, FleetView fleet) {
        this.client = client;
        this.fleet = fleet;
    }

    @Override
    public synchronized List<String> apps() {
        if (stale(appsAt)) {
            try {
                apps = AppNames.fetch(client);
                appsAt = System.currentTimeMillis();
            } catch (RuntimeException e) {
                // Not connected or slow: offer what was known.
            }
        }
        return apps;
    }

    /** The connected node's worker ids (a plain id means that node's worker). */
    @Override
    public synchronized List<String> workerIds() {
        String self = fleet == null ? null : fleet.self();
        List<String> ids = new ArrayList<>();
        for (JsonNode w : workers()) {
            if (self == null || FleetRows.node(w).isEmpty() || self.equals(FleetRows.node(w))) {
                ids.add(w.path("id").asText());
            }
        }
        return ids;
    }

    @Override
    public List<String> nodes() {
        return fleet != null && fleet.isFleet() ? fleet.names() : List.of();
    }

    /** "b/all", "b/web", "b/3" for every node, from the workers' rows (status answers for the fleet). */
    @Override
    public synchronized List<String> qualified() {
        List<String> nodes = nodes();
        List<String> out = new ArrayList<>();
        if (nodes.isEmpty()) {
            return out;
        }
        nodes.forEach(n -> out.add(n + "/all"));
        for (JsonNode w : workers()) {
            String node = FleetRows.node(w);
            out.add(node + "/" + w.path("app").asText());
            out.add(node + "/" + w.path("id").asText());
        }
        return out;
    }

    private JsonNode workers() {
        if (stale(workersAt)) {
            try {
                workers = AppNames.status(client).path("workers");
                workersAt = System.currentTimeMillis();
            } catch (RuntimeException e) {
                // As above.
            }
        }
        return workers == null ? MissingNode.getInstance() : workers;
    }

    /** Forget, after a command that may have changed them. */
    public synchronized void invalidate() {
        appsAt = 0;
        workersAt = 0;
    }

    private static boolean stale(long at) {
        return System.currentTimeMillis() - at > FRESH_MS;
    }
}
