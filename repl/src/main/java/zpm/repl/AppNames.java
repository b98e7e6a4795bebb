package zpm.repl;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.ZpmClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent's app names and workers, asked quickly (for Tab and "did you mean"). */
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

    /** The status result (every node's rows in a fleet), or an exception as above. */
    static JsonNode status(ZpmClient client) {
        return quick(client, "status");
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
