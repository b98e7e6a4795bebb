package zpm.protocol.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import zpm.protocol.jsonrpc.JsonTree;

/**
 * A worker's end of the {@code ZPM_CONTROL} channel: a unix stream socket to the agent, one JSON
 * object per line (UTF-8, NDJSON). Plain JDK, no Vert.x; docs/workers.md has the protocol so that
 * a worker in any language can speak it in a few lines.
 *
 * <pre>
 * worker -> agent   {"hello": {"id": 7}}     first line: which worker this is (ZPM_WORKER_ID)
 *                   {"ready": true}          ready to serve (readiness "notify" apps go online)
 *                   {"message": ANY}         to the agent: a "message" event with data ANY
 * agent -> worker   {"disconnect": "why"}    stop taking work and leave (SIGTERM follows)
 *                   {"message": ANY}         from the JSON-RPC method "send" (or the console)
 *                   {"error": "why"}         the hello was refused; the agent closes the channel
 * </pre>
 *
 * Handlers run on the channel's reader thread ({@code zpm-control}, a daemon).
 */
public final class WorkerControl implements AutoCloseable {

    private final SocketChannel channel;
    private final List<Consumer<String>> disconnectHandlers = new CopyOnWriteArrayList<>();
    private final List<Consumer<JsonNode>> messageHandlers = new CopyOnWriteArrayList<>();
    private volatile String disconnected;

    private WorkerControl(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the agent at {@code path} as worker {@code id} and starts reading. */
    public static WorkerControl connect(Path path, long id) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path));
        WorkerControl c = new WorkerControl(ch);
        ObjectNode hello = JsonNodeFactory.instance.objectNode();
        hello.putObject("hello").put("id", id);
        c.write(hello);
        Thread reader = new Thread(c::readLoop, "zpm-control");
        reader.setDaemon(true);
        reader.start();
        return c;
    }

    /** Tells the agent the worker is ready to serve. */
    public void ready() throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("ready", true);
        write(m);
    }

    /** Sends {@code data} to the agent, which publishes it as a {@code message} event. */
    public void send(JsonNode data) throws IOException {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.set("message", data);
        write(m);
    }

    /** Called with the reason when the agent asks the worker to leave (at most once). */
    public void onDisconnect(Consumer<String> handler) {
        disconnectHandlers.add(handler);
        String already = disconnected;
        if (already != null) {
            handler.accept(already);
        }
    }

    /** Called with each message the agent sends. */
    public void onMessage(Consumer<JsonNode> handler) {
        messageHandlers.add(handler);
    }

    private synchronized void write(JsonNode message) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((JsonTree.write(message) + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    dispatch(JsonTree.read(line));
                }
            }
        } catch (IOException e) {
            // the agent went away or the channel was closed: nothing more will come
        }
    }

    private void dispatch(JsonNode m) {
        if (m.has("disconnect") && disconnected == null) {
            disconnected = m.get("disconnect").asText("");
            disconnectHandlers.forEach(h -> h.accept(disconnected));
        } else if (m.has("message")) {
            messageHandlers.forEach(h -> h.accept(m.get("message")));
        } else if (m.has("error")) {
            System.err.println("zpm control channel refused: " + m.get("error").asText());
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
