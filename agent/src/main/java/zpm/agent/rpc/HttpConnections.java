package zpm.agent.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Every connection of the HTTP listener, so that none held from outside costs the agent memory
 * without bound. A new connection counts as unauthenticated ({@link PendingConnections}: past
 * {@link RpcLimits#MAX_UNAUTHENTICATED} the oldest is closed to admit a new one) until a request on
 * it carries a valid token or its WebSocket authenticates; authenticated connections are at most
 * {@link RpcLimits#maxConnections()}. A connection with no request in flight is closed after
 * {@link RpcLimits#authTimeout()} while unauthenticated, after {@link RpcLimits#HTTP_IDLE_TIMEOUT}
 * once authenticated. Not the server's own idle timeout: that one also cuts a POST waiting on a
 * long operation and a quiet WebSocket subscriber. Touched on the HTTP server's context only.
 */
final class HttpConnections {

    private static final Logger log = LoggerFactory.getLogger(HttpConnections.class);

    private static final class Tracked {
        long timer = -1;
        int inFlight;
        boolean stream;
        boolean authenticated;
    }

    private final Vertx vertx;
    private final RpcLimits limits;
    private final Map<HttpConnection, Tracked> all = new HashMap<>();
    private final PendingConnections<HttpConnection> pending;
    private int authenticated;

    HttpConnections(Vertx vertx, RpcLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
        this.pending = new PendingConnections<>("http", HttpConnection::close, System::currentTimeMillis);
    }

    /** The server's connection handler. */
    void connected(HttpConnection connection) {
        Tracked t = new Tracked();
        all.put(connection, t);
        pending.admit(connection);
        connection.closeHandler(v -> closed(connection));
        armIdle(connection, t);
    }

    /** The router's first handler: a request in flight keeps its connection from timing out. */
    void track(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        Tracked t = all.get(connection);
        if (t != null) {
            t.inFlight++;
            vertx.cancelTimer(t.timer);
            ctx.addEndHandler(v -> {
                t.inFlight--;
                armIdle(connection, t);
            });
        }
        ctx.next();
    }

    /** The connection carries a WebSocket or an SSE stream now: their own timers and limit apply. */
    void streaming(HttpConnection connection) {
        Tracked t = all.get(connection);
        if (t != null) {
            t.stream = true;
            vertx.cancelTimer(t.timer);
        }
    }

    /**
     * A valid token came on this connection (or its WebSocket authenticated): false when the
     * authenticated connections are at their limit (answer 503, or refuse the auth).
     */
    boolean authenticated(HttpConnection connection) {
        Tracked t = all.get(connection);
        if (t == null || t.authenticated) {
            return true;
        }
        if (authenticated >= limits.maxConnections()) {
            log.warn("rpc connection refused transport=http remote={} reason=limit max={}",
                    connection.remoteAddress(), limits.maxConnections());
            return false;
        }
        pending.leave(connection);
        t.authenticated = true;
        authenticated++;
        return true;
    }

    /** Open connections (for tests). */
    int size() {
        return all.size();
    }

    private void armIdle(HttpConnection connection, Tracked t) {
        vertx.cancelTimer(t.timer);
        if (t.inFlight > 0 || t.stream) {
            return;
        }
        long ms = (t.authenticated ? RpcLimits.HTTP_IDLE_TIMEOUT : limits.authTimeout()).toMillis();
        t.timer = vertx.setTimer(ms, id -> {
            log.debug("http connection closed remote={} reason={}-for-{}ms", connection.remoteAddress(),
                    t.authenticated ? "idle" : "no-authenticated-request", ms);
            connection.close();
        });
    }

    private void closed(HttpConnection connection) {
        Tracked t = all.remove(connection);
        pending.leave(connection);
        if (t != null) {
            vertx.cancelTimer(t.timer);
            if (t.authenticated) {
                authenticated--;
            }
        }
    }
}
