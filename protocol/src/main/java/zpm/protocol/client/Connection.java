package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import zpm.protocol.jsonrpc.Inbound;
import zpm.protocol.jsonrpc.JsonRpcCodec;
import zpm.protocol.jsonrpc.LineFramer;
import zpm.protocol.jsonrpc.MalformedMessageException;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static zpm.protocol.client.ZpmClientException.Kind;
import static zpm.protocol.client.ZpmClientException.human;

/**
 * One socket to the agent: writes requests as NDJSON lines, and runs the reader thread that
 * completes calls by id and hands notifications on. Once it fails it stays failed; the client
 * makes a new one to reconnect.
 */
final class Connection {

    /** What the connection tells its client. Called on the reader thread: must not block. */
    interface Listener {
        void onNotification(Notification n);

        void onClosed(Connection c, ZpmClientException cause);
    }

    /** A call waiting for its answer; {@code group} is the id of the first call of its batch. */
    private static final class Pending {
        final String method;
        final long group;
        final CompletableFuture<JsonNode> future = new CompletableFuture<>();
        final Consumer<JsonNode> hook;
        volatile ScheduledFuture<?> timeout;

        Pending(String method, long group, Consumer<JsonNode> hook) {
            this.method = method;
            this.group = group;
            this.hook = hook;
        }
    }

    private static final int TLS_ALERT = 0x15;
    private static final int TLS_HANDSHAKE = 0x16;

    private final Socket socket;
    private final String where;
    private final boolean tls;
    private final JsonRpcCodec codec;
    private final LongSupplier ids;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final LineFramer framer;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private volatile ZpmClientException failure;
    /** Set by the reader when the server sent garbage; ends the read loop. */
    private ZpmClientException protocolFailure;

    Connection(Socket socket, String where, boolean tls, JsonRpcCodec codec, LongSupplier ids,
               ScheduledExecutorService timer, int maxLineBytes, Listener listener) {
        this.socket = socket;
        this.where = where;
        this.tls = tls;
        this.codec = codec;
        this.ids = ids;
        this.timer = timer;
        this.listener = listener;
        this.framer = new LineFramer(maxLineBytes, this::onLine, len -> protocolFailure = new ZpmClientException(
                Kind.PROTOCOL, where + " sent a line over the client's limit of " + maxLineBytes + " bytes"));
    }

    void start() {
        Thread reader = new Thread(this::readLoop, "zpm-client-reader " + where);
        reader.setDaemon(true);
        reader.start();
    }

    /** Why it closed, or null while it is open. */
    ZpmClientException failure() {
        return failure;
    }

    /**
     * Sends one call. {@code hook} (may be null) runs on the reader thread with the result just
     * before the future completes, so it happens before any later line is read.
     */
    CompletableFuture<JsonNode> call(String method, JsonNode params, Consumer<JsonNode> hook, Duration timeout) {
        long id = ids.getAsLong();
        Pending p = register(id, new Pending(method, id, hook), timeout);
        send(codec.encode(new Request(LongNode.valueOf(id), method, params)));
        return p.future;
    }

    /** Sends one batch; the futures are those of the requests that have an id, in order. */
    List<CompletableFuture<JsonNode>> batch(List<Request> requests, Duration timeout) {
        List<Request> wire = new ArrayList<>(requests.size());
        List<CompletableFuture<JsonNode>> futures = new ArrayList<>();
        long group = -1;
        for (Request r : requests) {
            if (r.id() == null) {
                wire.add(r);
                continue;
            }
            // The caller's ids might collide with the client's own, so every call gets a fresh one.
            long id = ids.getAsLong();
            group = group < 0 ? id : group;
            futures.add(register(id, new Pending(r.method(), group, null), timeout).future);
            wire.add(new Request(LongNode.valueOf(id), r.method(), r.params()));
        }
        send(codec.encodeBatch(wire));
        return futures;
    }

    private Pending register(long id, Pending p, Duration timeout) {
        pending.put(id, p);
        try {
            p.timeout = timer.schedule(() -> expire(id, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fail(id, new ZpmClientException(Kind.DISCONNECTED, "the client was closed"));
        }
        ZpmClientException f = failure;
        if (f != null) {
            // Closed while registering: failAll may already have run, so fail this one here.
            fail(id, f);
        }
        return p;
    }

    private void expire(long id, Duration timeout) {
        Pending p = pending.get(id);
        if (p != null) {
            fail(id, new ZpmClientException(Kind.TIMEOUT, "no answer to \"" + p.method + "\" from " + where
                    + " within " + human(timeout) + ": the agent may be busy; retry, or raise the call timeout"));
        }
    }

    private void fail(long id, Throwable cause) {
        Pending p = pending.remove(id);
        if (p != null) {
            cancelTimeout(p);
            p.future.completeExceptionally(cause);
        }
    }

    private void send(String text) {
        byte[] line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (writeLock) {
                OutputStream out = socket.getOutputStream();
                out.write(line);
                out.flush();
            }
        } catch (IOException e) {
            close(new ZpmClientException(Kind.DISCONNECTED, "lost the connection to " + where
                    + " while sending: " + e.getMessage(), e));
        }
    }

    /** Closes the socket and fails every pending call with {@code cause}; idempotent. */
    void close(ZpmClientException cause) {
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = cause;
        }
        Dialer.closeQuietly(socket);
        for (Long id : List.copyOf(pending.keySet())) {
            fail(id, cause);
        }
        listener.onClosed(this, cause);
    }

    private void readLoop() {
        ZpmClientException cause;
        boolean receivedAny = false;
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while (protocolFailure == null && (n = in.read(buf)) >= 0) {
                if (!receivedAny && !tls && n > 0 && (buf[0] == TLS_ALERT || buf[0] == TLS_HANDSHAKE)) {
                    throw tlsServer();
                }
                receivedAny = n > 0 || receivedAny;
                framer.feed(buf, 0, n);
            }
            cause = protocolFailure != null ? protocolFailure : closedByPeer(receivedAny);
        } catch (ZpmClientException e) {
            cause = e;
        } catch (IOException e) {
            cause = new ZpmClientException(Kind.DISCONNECTED, "lost the connection to " + where + ": " + e.getMessage(), e);
        }
        close(cause);
    }

    private ZpmClientException tlsServer() {
        // A TLS server answers a plain JSON line with an alert record (0x15) or a handshake (0x16).
        return new ZpmClientException(Kind.TLS_MISMATCH, "the agent at " + where
                + " speaks TLS but this client connected without it: connect with TLS");
    }

    private ZpmClientException closedByPeer(boolean receivedAny) {
        // A TLS server that drops a plain client without an alert looks exactly like this.
        String hint = receivedAny || tls ? "" : " without answering (if the agent uses TLS, connect with TLS)";
        return new ZpmClientException(Kind.DISCONNECTED, "the agent at " + where + " closed the connection" + hint);
    }

    private void onLine(String line) {
        if (protocolFailure != null) {
            return;
        }
        Inbound in;
        try {
            in = codec.parseInbound(line);
        } catch (MalformedMessageException e) {
            String shown = line.length() > 60 ? line.substring(0, 57) + "..." : line;
            protocolFailure = new ZpmClientException(Kind.PROTOCOL, where + " does not speak zpm's JSON-RPC ("
                    + e.getMessage() + "; it sent: " + shown + "): is this the agent's RPC port (default 7700)?");
            return;
        }
        if (in.isNotification()) {
            listener.onNotification(in.notification());
        } else {
            in.responses().forEach(this::complete);
        }
    }

    private void complete(Response r) {
        JsonNode id = r.id();
        if (id.isNull()) {
            failUnattributed(r.error());
            return;
        }
        Pending p = id.isIntegralNumber() && id.canConvertToLong() ? pending.remove(id.asLong()) : null;
        if (p == null) {
            return; // an answer after its timeout, or not ours
        }
        cancelTimeout(p);
        if (r.isError()) {
            p.future.completeExceptionally(new RpcException(r.error()));
            return;
        }
        try {
            if (p.hook != null) {
                p.hook.accept(r.result());
            }
            p.future.complete(r.result());
        } catch (RuntimeException e) {
            p.future.completeExceptionally(e);
        }
    }

    /**
     * An error with id null: the agent could not read something we sent (too long, a batch
     * over its limit). When every pending call came from one send, it is theirs; otherwise
     * nobody can tell whose, and they end by their timeouts.
     */
    private void failUnattributed(RpcError error) {
        if (error == null) {
            return;
        }
        List<Long> ids = List.copyOf(pending.keySet());
        long groups = pending.values().stream().mapToLong(p -> p.group).distinct().count();
        if (groups == 1) {
            ids.forEach(id -> fail(id, new RpcException(error)));
        }
    }

    private static void cancelTimeout(Pending p) {
        ScheduledFuture<?> t = p.timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
