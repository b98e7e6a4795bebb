package zpm.examples.subscriber;

import zpm.protocol.client.Subscription;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;

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

    /** One line per event; the records say which fields each type has. */
    static String line(LifecycleEvent e) {
        StringBuilder sb = new StringBuilder()
                .append(e.ts()).append(" #").append(e.seq()).append(' ').append(e.type().wireName());
        if (e.app() != null) {
            sb.append(" app=").append(e.app());
        }
        if (e.worker() != null) {
            sb.append(" worker=").append(e.worker().id()).append(" pid=").append(e.worker().pid());
        }
        if (e instanceof LifecycleEvent.Exit x) {
            sb.append(" code=").append(x.code()).append(" signal=").append(x.signal()).append(" expected=").append(x.expected());
        } else if (e instanceof LifecycleEvent.Resize r) {
            sb.append(" from=").append(r.from()).append(" to=").append(r.to()).append(" done=").append(r.done());
        } else if (e instanceof LifecycleEvent.Restart r) {
            sb.append(" phase=").append(r.phase().wireName()).append(" ids=").append(r.ids());
        } else if (e instanceof LifecycleEvent.Backoff b) {
            sb.append(" delayMs=").append(b.delayMs()).append(" reason=").append(b.reason());
        } else if (e instanceof LifecycleEvent.Fatal f) {
            sb.append(" reason=").append(f.reason());
        } else if (e instanceof LifecycleEvent.Danger d) {
            sb.append(" active=").append(d.active()).append(" reason=").append(d.reason());
        }
        return sb.toString();
    }

    private static void print(LifecycleEvent event) {
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
