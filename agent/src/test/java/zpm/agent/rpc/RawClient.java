package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A bare NDJSON test client over a plain socket: what nc or a script would do. */
public final class RawClient implements Closeable {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final int READ_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    /** Notifications read while waiting for a response. */
    final List<JsonNode> notifications = new ArrayList<>();

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) {
        return connect(port, 0);
    }

    /** @param receiveBuffer a small receive buffer for slow-reader tests, or 0 for the default */
    public static RawClient connect(int port, int receiveBuffer) {
        try {
            Socket s = new Socket();
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(READ_TIMEOUT_MS);
            return new RawClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Over a socket made elsewhere (a TLS socket). */
    static RawClient over(Socket connected) {
        try {
            connected.setSoTimeout(READ_TIMEOUT_MS);
            return new RawClient(connected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String line) {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next JSON text from the server; null when it closed the connection. */
    public JsonNode read() {
        try {
            String line = in.readLine();
            return line == null ? null : JSON.readTree(line);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no line from the server within " + READ_TIMEOUT_MS + " ms");
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads until a response (not a notification) arrives; notifications are kept. */
    public JsonNode readResponse() {
        while (true) {
            JsonNode n = read();
            if (n == null) {
                throw new AssertionError("connection closed before a response");
            }
            if (n.isArray() || !n.has("method")) {
                return n;
            }
            notifications.add(n);
        }
    }

    /** Sends a request (params as JSON text, or null) and returns its whole response. */
    public JsonNode call(String method, String params) {
        long id = ids.incrementAndGet();
        send(request(id, method, params));
        JsonNode r = readResponse();
        if (r.path("id").asLong() != id) {
            throw new AssertionError("response to another request: " + r);
        }
        return r;
    }

    public JsonNode result(String method, String params) {
        JsonNode r = call(method, params);
        if (r.has("error")) {
            throw new AssertionError(method + " failed: " + r);
        }
        return r.get("result");
    }

    public JsonNode auth(String token) {
        ObjectNode p = JSON.createObjectNode().put("token", token);
        return call("auth", p.toString());
    }

    public static String request(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (id instanceof String ? "\"" + id + "\"" : id)
                + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    public static String notification(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    /** True when the server closes the connection before the deadline (lines before that are skipped). */
    public boolean closedByServer() {
        while (true) {
            if (read() == null) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
