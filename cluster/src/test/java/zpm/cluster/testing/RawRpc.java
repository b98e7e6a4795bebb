package zpm.cluster.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * JSON-RPC over one TCP connection with the JSON exactly as the agent wrote it: answers whole
 * (result or error), and the events of {@code events.subscribe} in arrival order, each with the
 * {@code System.nanoTime()} it arrived at (comparable across JVMs on one host).
 */
public final class RawRpc implements AutoCloseable {

    /** An event as received: its JSON and when it arrived. */
    public record Received(JsonNode event, long arrivedNanos) {
        public String node() {
            return event.path("node").asText(null);
        }

        public String type() {
            return event.path("type").asText();
        }

        public long seq() {
            return event.path("seq").asLong();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final List<Received> all = new ArrayList<>();

    private RawRpc(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "raw-rpc " + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects and authenticates with {@code token}. */
    public static RawRpc open(String host, int port, String token) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setTcpNoDelay(true);
        RawRpc rpc = new RawRpc(s);
        JsonNode auth = rpc.call("auth", Map.of("token", token));
        if (!auth.has("result")) {
            rpc.close();
            throw new IOException("auth refused: " + auth);
        }
        return rpc;
    }

    /** The whole answer: {@code {"result": ...}} or {@code {"error": ...}}; fails after 60 s. */
    public JsonNode call(String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        req.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (out) {
                out.write((JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return answer.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(method + " " + params + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    /** {@code events.subscribe} with these params (empty: every event); fails on an error answer. */
    public void subscribe(Map<String, ?> params) {
        JsonNode a = call("events.subscribe", params);
        if (!a.has("result")) {
            throw new AssertionError("events.subscribe refused: " + a);
        }
    }

    /** The next event that matches, skipping others (they stay in {@link #received()}); fails after {@code within}. */
    public Received next(String what, Duration within, Predicate<Received> match) {
        long end = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < end) {
                Received r = events.poll(50, TimeUnit.MILLISECONDS);
                if (r != null && match.test(r)) {
                    return r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no event " + what + " within " + within.toSeconds() + " s; received: " + received());
    }

    /** Every event received on this connection so far, in arrival order. */
    public List<Received> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                JsonNode msg = JSON.readTree(line);
                if (msg.has("id") && !msg.get("id").isNull()) {
                    CompletableFuture<JsonNode> f = pending.get(msg.get("id").asLong());
                    if (f != null) {
                        f.complete(msg);
                    }
                } else if ("event".equals(msg.path("method").asText())) {
                    Received r = new Received(msg.path("params").path("event"), now);
                    synchronized (all) {
                        all.add(r);
                    }
                    events.add(r);
                }
            }
        } catch (IOException e) {
            // closed: pending calls fail below
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("connection closed")));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
