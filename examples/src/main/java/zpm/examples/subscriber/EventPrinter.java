package zpm.examples.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.client.Subscription;
import zpm.protocol.client.ZpmClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * One of the "other services" of a zpm agent: it subscribes to lifecycle events with
 * {@link ZpmClient} (plain JDK, no Vert.x) and prints one line per event, reconnecting (and
 * re-subscribing) when the agent restarts. Here is where a service would page someone on
 * {@code fatal}, or update a load balancer on {@code online} and {@code exit}.
 *
 * <pre>java -cp "examples/target/zpm-examples.jar:examples/target/lib/*" zpm.examples.subscriber.EventPrinter [TYPE...]</pre>
 *
 * Address from ZPM_HOST / ZPM_PORT (127.0.0.1:7700), token from ZPM_TOKEN or the agent's token file.
 */
public final class EventPrinter {

    private EventPrinter() {
    }

    public static void main(String[] args) throws Exception {
        List<String> types = Arrays.asList(args);
        try (ZpmClient client = ZpmClient.builder()
                .host(System.getenv().getOrDefault("ZPM_HOST", "127.0.0.1"))
                .port(Integer.parseInt(System.getenv().getOrDefault("ZPM_PORT", "7700")))
                .token(token())
                .reconnect(true)
                .build()) {
            client.onStateChange(s -> System.err.println("connection: " + s.name().toLowerCase()));
            client.connect();
            Subscription sub = client.subscribe(types, null, EventPrinter::print,
                    dropped -> System.err.println("missed " + dropped + " events (too slow)"));
            System.err.println("subscribed as " + sub.id() + (types.isEmpty() ? " to every event" : " to " + types));
            new CountDownLatch(1).await(); // until Ctrl-C
        }
    }

    static String line(JsonNode e) {
        JsonNode w = e.path("worker");
        StringBuilder sb = new StringBuilder()
                .append(e.path("ts").asText()).append(" #").append(e.path("seq").asLong())
                .append(' ').append(e.path("type").asText());
        if (e.hasNonNull("app")) {
            sb.append(" app=").append(e.get("app").asText());
        }
        if (w.isObject()) {
            sb.append(" worker=").append(w.path("id").asLong()).append(" pid=").append(w.path("pid").asText());
        }
        for (String key : List.of("code", "signal", "expected", "reason", "from", "to", "done", "phase", "delayMs")) {
            if (e.has(key) && !e.get(key).isNull()) {
                sb.append(' ').append(key).append('=').append(e.get(key).asText());
            }
        }
        return sb.toString();
    }

    private static void print(JsonNode event) {
        System.out.println(line(event));
    }

    private static String token() throws IOException {
        String env = System.getenv("ZPM_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        String state = System.getenv().getOrDefault("XDG_STATE_HOME", System.getProperty("user.home") + "/.local/state");
        return Files.readString(Path.of(System.getenv().getOrDefault("ZPM_TOKEN_FILE", state + "/zpm/token"))).trim();
    }
}
