package zpm.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Incoming;
import zpm.protocol.jsonrpc.JsonRpcCodec;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A small NDJSON JSON-RPC server on 127.0.0.1 standing in for the agent: {@code auth} with a
 * token, {@code events.subscribe} handing out "s1", "s2", ..., and per-method handlers a test
 * sets. It records every request it reads, in order. One thread per connection; {@link #close()}
 * ends them all.
 */
public final class FakeAgent implements AutoCloseable {

    /** What a handler returns to send no answer at all. */
    public static final JsonNode NO_ANSWER = MissingNode.getInstance();

    /** Answers one request: a result, {@link #NO_ANSWER}, or throws an {@link RpcException}. */
    public interface Handler {
        JsonNode handle(Session session, Request request);
    }

    private static final long WAIT_SECONDS = 10;

    private final ServerSocket server;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final List<Session> open = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-agent");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger subscriptions = new AtomicInteger();
    private volatile String token;

    private FakeAgent(ServerSocket server) {
        this.server = server;
        on("events.subscribe", (s, r) -> JsonNodeFactory.instance.objectNode()
                .put("subscription", "s" + subscriptions.incrementAndGet()));
        on("events.unsubscribe", (s, r) -> JsonNodeFactory.instance.objectNode());
        threads.execute(this::acceptLoop);
    }

    /** Plain TCP on 127.0.0.1; port 0 picks a free one. */
    public static FakeAgent start(int port) throws IOException {
        return start(port, null);
    }

    /** TLS when {@code tls} is set. */
    public static FakeAgent start(int port, SSLContext tls) throws IOException {
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true); // the reconnect test binds the same port again at once
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        return new FakeAgent(s);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every call but {@code auth} is refused (-32001) on a connection until it authenticates. */
    public FakeAgent requireToken(String token) {
        this.token = token;
        return this;
    }

    public FakeAgent on(String method, Handler handler) {
        handlers.put(method, handler);
        return this;
    }

    /** The next request read (in any connection), waiting up to 10 s. */
    public Request nextRequest() throws InterruptedException {
        Request r = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the fake agent received no request within " + WAIT_SECONDS + "s");
        }
        return r;
    }

    /** The next raw line read, waiting up to 10 s. */
    public String nextLine() throws InterruptedException {
        String l = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (l == null) {
            throw new AssertionError("the fake agent read no line within " + WAIT_SECONDS + "s");
        }
        return l;
    }

    /** The next accepted connection, waiting up to 10 s. */
    public Session nextSession() throws InterruptedException {
        Session s = sessions.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no connection to the fake agent within " + WAIT_SECONDS + "s");
        }
        return s;
    }

    /** Sends a notification on every open connection. */
    public void notifyAll(String method, JsonNode params) {
        open.forEach(s -> s.notify(method, params));
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Session s : open) {
            s.close();
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("fake agent threads did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Session s = new Session(server.accept());
                open.add(s);
                sessions.add(s);
                threads.execute(s::serve);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One client connection. */
    public final class Session {
        private final Socket socket;
        private volatile boolean authenticated;

        private Session(Socket socket) {
            this.socket = socket;
        }

        public void notify(String method, JsonNode params) {
            sendRaw(codec.encode(new Notification(method, params)));
        }

        /** Writes one line as is (garbage included). */
        public synchronized void sendRaw(String line) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // The client went away: the test sees that from the client side.
            }
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // best effort
            }
            open.remove(this);
        }

        private void serve() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    answer(codec.parse(line, 100));
                }
            } catch (IOException e) {
                // Closed, or a TLS handshake that failed: the connection is over.
            } finally {
                close();
            }
        }

        private void answer(Incoming in) {
            List<Response> replies = new ArrayList<>(in.errors());
            for (Request r : in.requests()) {
                received.add(r);
                Response reply = handle(r);
                if (reply != null && !r.isNotification()) {
                    replies.add(reply);
                }
            }
            String text = codec.encodeReplies(in.batch(), replies);
            if (text != null) {
                sendRaw(text);
            }
        }

        private Response handle(Request r) {
            try {
                if (r.method().equals("auth")) {
                    return Response.ok(r.id(), auth(r));
                }
                if (token != null && !authenticated) {
                    throw new RpcException(ErrorCode.UNAUTHORIZED, "call auth first");
                }
                Handler h = handlers.get(r.method());
                if (h == null) {
                    throw new RpcException(ErrorCode.METHOD_NOT_FOUND, "no method \"" + r.method() + "\"");
                }
                JsonNode result = h.handle(this, r);
                return result == NO_ANSWER ? null : Response.ok(r.id(), result);
            } catch (RpcException e) {
                return Response.fail(r.id(), e.error());
            }
        }

        private JsonNode auth(Request r) {
            String given = r.params() == null ? null : r.params().path("token").asText(null);
            if (token != null && !token.equals(given)) {
                throw new RpcException(ErrorCode.UNAUTHORIZED, "bad token");
            }
            authenticated = true;
            return JsonNodeFactory.instance.objectNode().put("readOnly", false);
        }
    }
}
