package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonRpcCodec;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.Request;
import zpm.protocol.jsonrpc.Response;
import zpm.protocol.jsonrpc.RpcException;

import javax.net.ssl.SSLContext;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import static zpm.protocol.client.ZpmClientException.Kind;

/**
 * A JSON-RPC client of the zpm agent over plain JDK sockets (NDJSON, optional TLS), for the
 * REPL, scripts and services.
 *
 * <pre>{@code
 * try (ZpmClient c = ZpmClient.builder().port(7700).token(t).build()) {
 *     c.connect();
 *     JsonNode status = c.call("status", Map.of("target", "web"));
 * }
 * }</pre>
 *
 * <p>One reader thread per connection completes calls by id; notifications, events and state
 * changes reach listeners on one separate dispatch thread, in order, so a slow listener never
 * stalls answers. When the connection drops, pending calls fail at once ({@link Kind#DISCONNECTED});
 * with {@code reconnect(true)} the client reconnects in the background (100 ms doubling to 5 s),
 * authenticates and subscribes again. Failures are {@link ZpmClientException}s; error answers of
 * the agent are {@link RpcException}s. Thread-safe.
 */
public final class ZpmClient implements AutoCloseable {

    /** The client's connection state, reported to {@link #onStateChange} listeners. */
    public enum State { CONNECTED, DISCONNECTED, RECONNECTING, CLOSED }

    /** The longest line the client accepts from the agent. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final long BACKOFF_MIN_MS = 100;
    private static final long BACKOFF_MAX_MS = 5_000;
    /** Extra wait of a blocking call beyond its timeout, in case the timer thread lags. */
    private static final long AWAIT_GRACE_MS = 5_000;

    private final String host;
    private final int port;
    private final String where;
    private final SSLContext tls;
    private final Supplier<String> token;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final boolean reconnect;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService reconnector;
    private final Dispatcher dispatcher;
    private final List<Consumer<Notification>> notificationListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
    private final Subscriptions subscriptions = new Subscriptions();

    // Guarded by this.
    private Connection conn;
    private State state = State.DISCONNECTED;
    private boolean connecting;
    private boolean closed;
    private volatile ZpmClientException lastFailure;

    ZpmClient(ZpmClientBuilder b) {
        this.host = b.host;
        this.port = b.port;
        this.where = Dialer.where(host, port);
        this.tls = b.tls;
        this.token = b.token;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.reconnect = b.reconnect;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Dispatcher.daemon("zpm-client-timer " + where));
        t.setRemoveOnCancelPolicy(true); // answered calls must not keep their timeout task alive
        this.timer = t;
        // Reconnect attempts block (connect, auth): apart from the timer, which their calls need.
        this.reconnector = reconnect ? Executors.newSingleThreadScheduledExecutor(Dispatcher.daemon("zpm-client-reconnect " + where)) : null;
        this.dispatcher = new Dispatcher("zpm-client-dispatch " + where);
    }

    /** Settings for a new client; defaults: 127.0.0.1:7700, plain TCP, no token, 5 s connect, 60 s calls, no reconnect. */
    public static ZpmClientBuilder builder() {
        return new ZpmClientBuilder();
    }

    // ---------------------------------------------------------------- connection

    /**
     * Connects, then calls {@code auth} when a token is set, and subscribes again the
     * subscriptions still open from an earlier connection. Blocks up to the connect timeout plus
     * the call timeout. A failure here is not retried, even with {@code reconnect(true)}; call
     * it again (after a drop too, when not reconnecting).
     *
     * @throws ZpmClientException CONNECT_REFUSED, UNREACHABLE, TLS_MISMATCH, AUTH_FAILED, ...
     */
    public void connect() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            if (conn != null || connecting || state == State.RECONNECTING) {
                throw new IllegalStateException("already connected or connecting to " + where);
            }
            connecting = true;
        }
        try {
            adopt(open());
        } finally {
            synchronized (this) {
                connecting = false;
            }
        }
    }

    public synchronized State state() {
        return state;
    }

    /**
     * Why the last connection ended or the last background reconnect gave up (e.g. AUTH_FAILED
     * when the agent restarted with another token), or null. For messages on DISCONNECTED.
     */
    public ZpmClientException lastFailure() {
        return lastFailure;
    }

    /** "host:port" of the agent. */
    public String address() {
        return where;
    }

    /**
     * Completes once every notification received before this call (subscriptions' events
     * included) has been handed to its listeners. The one reader of a connection queues each
     * notification before it completes any later answer, so a caller that has its answer can
     * wait here for the events the agent sent before it, on whatever thread it is. Completes at
     * once when the client is closed.
     */
    public CompletableFuture<Void> delivered() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!dispatcher.run(() -> done.complete(null))) {
            done.complete(null);
        }
        return done;
    }

    /** Calls {@code listener} on the dispatch thread with every state change. */
    public void onStateChange(Consumer<State> listener) {
        stateListeners.add(listener);
    }

    /** Calls {@code listener} on the dispatch thread with each notification that is not a subscription's event. */
    public void onNotification(Consumer<Notification> listener) {
        notificationListeners.add(listener);
    }

    /** Closes the connection, fails pending calls (DISCONNECTED), ends reconnecting. Idempotent. */
    @Override
    public void close() {
        Connection c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = conn;
            conn = null;
            setState(State.CLOSED);
        }
        subscriptions.clear();
        if (c != null) {
            c.close(new ZpmClientException(Kind.DISCONNECTED, "the client was closed"));
        }
        if (reconnector != null) {
            reconnector.shutdownNow();
        }
        timer.shutdownNow();
        dispatcher.shutdown(); // after delivering the CLOSED state change already queued
    }

    private Connection open() {
        Socket socket = Dialer.open(host, port, tls, connectTimeout);
        Connection c = new Connection(socket, where, tls != null, codec, ids::incrementAndGet, timer, MAX_LINE_BYTES,
                new Connection.Listener() {
                    @Override
                    public void onNotification(Notification n) {
                        dispatcher.run(() -> route(n));
                    }

                    @Override
                    public void onClosed(Connection lost, ZpmClientException cause) {
                        connectionLost(lost, cause);
                    }
                });
        c.start();
        try {
            String t = token.get();
            if (t != null) {
                authenticate(c, t);
            }
            for (Subscription s : subscriptions.live()) {
                await(subscribeOn(c, s), Subscriptions.SUBSCRIBE);
            }
            return c;
        } catch (RuntimeException e) {
            c.close(new ZpmClientException(Kind.DISCONNECTED, "connection given up: " + e.getMessage()));
            throw e;
        }
    }

    private void authenticate(Connection c, String t) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("token", t);
        try {
            await(c.call("auth", params, null, callTimeout), "auth");
        } catch (RpcException e) {
            if (e.error().code() == ErrorCode.UNAUTHORIZED.code()) {
                throw new ZpmClientException(Kind.AUTH_FAILED, "the agent refused the token: check --token / --token-file / ZPM_TOKEN", e);
            }
            throw e;
        }
    }

    /** Makes {@code c} the current connection, unless the client closed or {@code c} died meanwhile. */
    private void adopt(Connection c) {
        synchronized (this) {
            if (closed) {
                c.close(new ZpmClientException(Kind.DISCONNECTED, "the client was closed"));
                throw new ZpmClientException(Kind.DISCONNECTED, "the client was closed while connecting to " + where);
            }
            conn = c;
            setState(State.CONNECTED);
        }
        // The reader may have died before conn was set, when connectionLost ignored it.
        ZpmClientException f = c.failure();
        if (f != null) {
            connectionLost(c, f);
        }
    }

    private void connectionLost(Connection c, ZpmClientException cause) {
        synchronized (this) {
            if (conn != c || closed) {
                return; // a connection that never became current, or the client's own close
            }
            conn = null;
            lastFailure = cause;
            subscriptions.clearRoutes();
            setState(State.DISCONNECTED);
            if (!reconnect || !cause.kind().isRetryable()) {
                return;
            }
            setState(State.RECONNECTING);
        }
        scheduleReconnect(0);
    }

    private void scheduleReconnect(int attempt) {
        try {
            reconnector.schedule(() -> attemptReconnect(attempt), backoffMillis(attempt), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The client was closed: nothing to reconnect.
        }
    }

    private void attemptReconnect(int attempt) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            adopt(open());
        } catch (ZpmClientException e) {
            if (e.kind().isRetryable()) {
                scheduleReconnect(attempt + 1);
            } else {
                giveUp(e);
            }
        } catch (RpcException e) {
            // Auth or subscribe refused for good: retrying would only repeat it.
            giveUp(new ZpmClientException(Kind.PROTOCOL, "reconnected to " + where
                    + ", but the agent refused to resume: " + e.getMessage(), e));
        }
    }

    private synchronized void giveUp(ZpmClientException why) {
        lastFailure = why;
        if (!closed) {
            setState(State.DISCONNECTED);
        }
    }

    /** Reconnect delay before attempt {@code attempt} (0-based): 100 ms doubling, capped at 5 s. */
    static long backoffMillis(int attempt) {
        return attempt >= 6 ? BACKOFF_MAX_MS : Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS << attempt);
    }

    // ---------------------------------------------------------------- calls

    /** {@link #call(String, JsonNode)} without params. */
    public JsonNode call(String method) {
        return call(method, (JsonNode) null);
    }

    /**
     * Calls {@code method} and waits for its result, up to the call timeout.
     *
     * @throws RpcException       when the agent answers with an error
     * @throws ZpmClientException TIMEOUT, DISCONNECTED, ...
     */
    public JsonNode call(String method, JsonNode params) {
        return await(callAsync(method, params), method);
    }

    public JsonNode call(String method, Map<String, ?> params) {
        return call(method, toParams(params));
    }

    /** Like {@link #call(String, JsonNode)}; the future fails with the same exceptions. */
    public CompletableFuture<JsonNode> callAsync(String method, JsonNode params) {
        Connection c = currentOrNull();
        return c == null ? CompletableFuture.failedFuture(notConnected()) : c.call(method, params, null, callTimeout);
    }

    public CompletableFuture<JsonNode> callAsync(String method, Map<String, ?> params) {
        return callAsync(method, toParams(params));
    }

    /**
     * Sends the requests as one batch and waits for all answers. Requests with a null id are
     * sent as notifications and get no response; the others get fresh ids on the wire.
     *
     * @return one response per request that has an id, in request order, carrying that request's id
     */
    public List<Response> batch(List<Request> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<JsonNode>> futures = current().batch(requests, callTimeout);
        List<Response> out = new ArrayList<>(futures.size());
        int i = 0;
        for (Request r : requests) {
            if (r.id() == null) {
                continue;
            }
            try {
                out.add(Response.ok(r.id(), await(futures.get(i++), r.method())));
            } catch (RpcException e) {
                out.add(Response.fail(r.id(), e.error()));
            }
        }
        return out;
    }

    private JsonNode await(CompletableFuture<JsonNode> f, String method) {
        return Awaits.get(f, callTimeout.toMillis() + AWAIT_GRACE_MS, method, where);
    }

    private ObjectNode toParams(Map<String, ?> params) {
        return params == null ? null : (ObjectNode) JsonTree.of(params);
    }

    private synchronized Connection currentOrNull() {
        return conn;
    }

    private Connection current() {
        Connection c = currentOrNull();
        if (c == null) {
            throw notConnected();
        }
        return c;
    }

    private synchronized ZpmClientException notConnected() {
        String why = closed ? "the client is closed" : state == State.RECONNECTING
                ? "not connected to " + where + " (reconnecting)" : "not connected to " + where + ": call connect() first";
        return new ZpmClientException(Kind.DISCONNECTED, why);
    }

    // ---------------------------------------------------------------- events

    /** {@link #subscribe(List, String, Consumer, LongConsumer)} without a dropped callback. */
    public Subscription subscribe(List<String> types, String app, Consumer<LifecycleEvent> onEvent) {
        return subscribe(types, app, onEvent, null);
    }

    /**
     * Calls {@code events.subscribe} and routes the subscription's {@code event} notifications
     * to {@code onEvent} (the typed event), and its {@code events.dropped} to {@code onDropped}
     * (the count lost; may be null), both on the dispatch thread.
     *
     * @param types event types to receive; null or empty for all
     * @param app   one app's events, or null for all apps
     */
    public Subscription subscribe(List<String> types, String app, Consumer<LifecycleEvent> onEvent,
                                  LongConsumer onDropped) {
        Subscription s = new Subscription(this, types, app, onEvent, onDropped);
        // Live first, so a reconnect racing with this call subscribes it too.
        subscriptions.add(s);
        try {
            await(subscribeOn(current(), s), Subscriptions.SUBSCRIBE);
            return s;
        } catch (RuntimeException e) {
            subscriptions.remove(s);
            throw e;
        }
    }

    private CompletableFuture<JsonNode> subscribeOn(Connection c, Subscription s) {
        // Bound on the reader thread, before the agent's first event for it is read.
        return c.call(Subscriptions.SUBSCRIBE, Subscriptions.subscribeParams(s),
                result -> subscriptions.bind(s, result), callTimeout);
    }

    void unsubscribe(Subscription s) {
        subscriptions.remove(s);
        Connection c = currentOrNull();
        if (c == null || s.id() == null) {
            return;
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("subscription", s.id());
        try {
            await(c.call(Subscriptions.UNSUBSCRIBE, params, null, callTimeout), Subscriptions.UNSUBSCRIBE);
        } catch (ZpmClientException | RpcException e) {
            // Best effort (see Subscription.close): nothing is delivered locally any more.
        }
    }

    /** On the dispatch thread: a subscription's event or drop count, else the notification listeners. */
    private void route(Notification n) {
        if (!subscriptions.deliver(n)) {
            notificationListeners.forEach(l -> Dispatcher.guarded(() -> l.accept(n)));
        }
    }

    // ---------------------------------------------------------------- threads

    /** Must hold the lock, so that listeners see state changes in order. */
    private void setState(State next) {
        if (state == next) {
            return;
        }
        state = next;
        stateListeners.forEach(l -> dispatcher.run(() -> l.accept(next)));
    }
}
