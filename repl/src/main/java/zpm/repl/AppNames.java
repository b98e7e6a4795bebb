package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.ZpmClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent's app names and worker ids, asked quickly (for Tab and "did you mean"). */
final class AppNames {

    static final long QUICK_MS = 1_000;

    private AppNames() {
    }

    /** The app names, or an exception when the agent does not answer within a second. */
    static List<String> fetch(ZpmClient client) {
        JsonNode r = quick(client, "apps.list");
        List<String> names = new ArrayList<>();
        r.path("apps").forEach(a -> names.add(a.path("name").asText()));
        return names;
    }

    static List<String> workerIds(ZpmClient client) {
        JsonNode r = quick(client, "status");
        List<String> ids = new ArrayList<>();
        r.path("workers").forEach(w -> ids.add(w.path("id").asText()));
        return ids;
    }

    private static JsonNode quick(ZpmClient client, String method) {
        try {
            return client.callAsync(method, (JsonNode) null).get(QUICK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
