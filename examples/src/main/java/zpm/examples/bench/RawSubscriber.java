package zpm.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.event.LifecycleEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import zpm.protocol.client.ZpmClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A subscriber without ZpmClient: a plain socket read by one selector thread for all of them,
 * which only stamps the arrival time and keeps the line (parsed after the run), so that the
 * figure is the agent's, not the client library's.
 */
final class RawSubscriber {
    final SocketChannel ch;
    final Received r = new Received();
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    final List<Instant> arrivals = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    private final String churnApp;
    private final ObjectMapper mapper;

    RawSubscriber(String host, int port, String token, String churnApp, ObjectMapper mapper, long deadline)
            throws IOException {
        this.churnApp = churnApp;
        this.mapper = mapper;
        ch = SocketChannel.open(new InetSocketAddress(host, port));
        ch.configureBlocking(false);
        try (Selector one = Selector.open()) {
            ch.register(one, SelectionKey.OP_READ);
            request(one, 1, "auth", "{\"token\":" + mapper.writeValueAsString(token) + "}", deadline);
            request(one, 2, "events.subscribe", "{}", deadline);
        }
    }

    /** Sends one request and reads lines until its answer (nothing else comes before events). */
    private void request(Selector one, int id, String method, String params, long deadline) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method
                + "\",\"params\":" + params + "}\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            ch.write(out);
        }
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException(method + ": no answer in time");
            }
            one.select(left);
            one.selectedKeys().clear();
            drain();
            for (String line : lines) {
                JsonNode m = mapper.readTree(line);
                if (m.path("id").asInt(-1) == id) {
                    if (m.has("error")) {
                        throw new IOException(method + " refused: " + m.get("error"));
                    }
                    lines.clear();
                    arrivals.clear();
                    return;
                }
            }
        }
    }

    /** Reads what is there; each complete line gets the time its read returned. False at EOF. */
    boolean drain() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n <= 0) {
                return n == 0;
            }
            Instant now = Instant.now();
            byte[] a = buf.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (a[i] == '\n') {
                    partial.write(a, from, i - from);
                    String line = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    from = i + 1;
                    lines.add(line);
                    arrivals.add(now);
                    if (line.contains("\"resize\"") && line.contains("\"done\"")) {
                        JsonNode ev = mapper.readTree(line).path("params").path("event");
                        if (Received.isFinal(LifecycleEvent.fromJson(ev), churnApp)) {
                            r.sawFinal.countDown();
                        }
                    }
                }
            }
            partial.write(a, from, n - from);
        }
    }

    /** After the run: every event line into {@link #r}. */
    void parse() throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            JsonNode m = mapper.readTree(lines.get(i));
            String method = m.path("method").asText();
            if (method.equals("event")) {
                r.record(LifecycleEvent.fromJson(m.path("params").path("event")), arrivals.get(i), churnApp);
            } else if (method.equals("events.dropped")) {
                r.dropped += m.path("params").path("dropped").asLong();
            }
        }
    }
}
