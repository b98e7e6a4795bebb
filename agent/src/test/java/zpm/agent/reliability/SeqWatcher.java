package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zpm.agent.app.Await;
import zpm.agent.rpc.RawClient;
import zpm.agent.rpc.RawWebSocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A subscriber to every event, over TCP or the WebSocket, read on a thread of its own. It checks
 * as it reads that each event's {@code seq} is the one after the last, or after the last plus
 * what an {@code events.dropped} just announced: a gap nobody was told of is a problem.
 */
final class SeqWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The next JSON text from the agent; null once the connection is closed. */
    private interface Source {
        JsonNode next() throws IOException;

        void close();
    }

    final String name;
    private final Source source;
    private final Thread reader;
    private final List<String> problems = new ArrayList<>();
    /** The {@code app} events read (apps started and deleted): the markers a test waits for. */
    private final List<JsonNode> appEvents = new ArrayList<>();
    private long lastSeq = -1;
    private long announced;
    private long events;
    private long dropped;

    private SeqWatcher(String name, Source source) {
        this.name = name;
        this.source = source;
        this.reader = new Thread(this::readAll, "seq-watcher-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Logs in over TCP and subscribes to all events before returning. */
    static SeqWatcher tcp(int port, String token) {
        RawClient c = RawClient.connect(port);
        c.auth(token);
        c.result("events.subscribe", null);
        return new SeqWatcher("tcp", new Source() {
            public JsonNode next() {
                return c.read();
            }

            public void close() {
                c.close();
            }
        });
    }

    /** Logs in over the WebSocket at /rpc and subscribes to all events before returning. */
    static SeqWatcher webSocket(int httpPort, String token) throws IOException {
        RawWebSocket ws = RawWebSocket.open(httpPort);
        Source source = new Source() {
            public JsonNode next() throws IOException {
                RawWebSocket.Frame f = ws.readFrame();
                return f.opcode() == 0x8 ? null : JSON.readTree(f.payload());
            }

            public void close() {
                ws.close();
            }
        };
        ws.send(0x1, RawClient.request(1, "auth", "{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8), true);
        requireResult(source.next());
        ws.send(0x1, RawClient.request(2, "events.subscribe", null).getBytes(StandardCharsets.UTF_8), true);
        requireResult(source.next());
        return new SeqWatcher("websocket", source);
    }

    private static void requireResult(JsonNode answer) {
        if (answer == null || !answer.has("result")) {
            throw new AssertionError("not a result: " + answer);
        }
    }

    private void readAll() {
        try {
            for (JsonNode m = source.next(); m != null; m = source.next()) {
                check(m);
            }
        } catch (IOException | RuntimeException e) {
            // closed by close(): the reading ends
        }
    }

    private synchronized void check(JsonNode m) {
        String method = m.path("method").asText();
        if (method.equals("events.dropped")) {
            long n = m.path("params").path("dropped").asLong();
            announced += n;
            dropped += n;
        } else if (method.equals("event")) {
            JsonNode event = m.path("params").path("event");
            long seq = event.path("seq").asLong();
            if (lastSeq >= 0 && seq != lastSeq + 1 + announced) {
                problems.add(name + ": seq " + seq + " after " + lastSeq + " with " + announced + " announced dropped");
            }
            lastSeq = seq;
            announced = 0;
            events++;
            if (event.path("type").asText().equals("app")) {
                appEvents.add(event);
            }
        } else if (m.has("id")) {
            problems.add(name + ": an answer nobody asked for: " + m);
        }
    }

    /** Waits until an {@code app} event that matches has been read. */
    void awaitAppEvent(String what, Duration deadline, Predicate<JsonNode> match) {
        Await.until(name + " sees " + what, deadline, () -> {
            synchronized (this) {
                return appEvents.stream().anyMatch(match);
            }
        });
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized long events() {
        return events;
    }

    synchronized long dropped() {
        return dropped;
    }

    @Override
    public void close() {
        source.close();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
