package zpm.repl;

import zpm.protocol.client.ZpmClient;
import zpm.repl.command.Completions;

import java.util.List;

/**
 * App names and worker ids for Tab, fetched from the agent and kept for a moment: Tab pressed
 * twice asks once, and a name started a second ago shows up.
 */
public final class LiveNames implements Completions.Live {

    private static final long FRESH_MS = 2_000;

    private final ZpmClient client;
    private List<String> apps = List.of();
    private List<String> ids = List.of();
    private long appsAt;
    private long idsAt;

    public LiveNames(ZpmClient client) {
        this.client = client;
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

    @Override
    public synchronized List<String> workerIds() {
        if (stale(idsAt)) {
            try {
                ids = AppNames.workerIds(client);
                idsAt = System.currentTimeMillis();
            } catch (RuntimeException e) {
                // As above.
            }
        }
        return ids;
    }

    /** Forget, after a command that may have changed them. */
    public synchronized void invalidate() {
        appsAt = 0;
        idsAt = 0;
    }

    private static boolean stale(long at) {
        return System.currentTimeMillis() - at > FRESH_MS;
    }
}
