package zpm.agent.rpc;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.StrictUtf8;

import java.util.function.BooleanSupplier;

/**
 * A long-lived JSON-RPC connection (a TCP socket or a WebSocket): it must call {@code auth}
 * within {@link RpcLimits#authTimeout()}, each JSON text it sends is dispatched, and its
 * subscriptions push through it. The subclasses only know their transport.
 */
abstract class StreamConnection implements Outbound {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    protected final Vertx vertx;
    protected final RpcDispatcher dispatcher;
    protected final RpcLimits limits;
    private final String transport;
    private Session session;
    private long authTimer = -1;
    private Runnable onClosed = () -> { };

    StreamConnection(Vertx vertx, RpcDispatcher dispatcher, RpcLimits limits, String transport) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.transport = transport;
    }

    /**
     * Call from the connection's handler, on its context.
     *
     * @param admission asked before the first authentication: false refuses it (no room left)
     */
    void open(SocketAddress remote, BooleanSupplier admission, Runnable whenClosed) {
        Context ctx = vertx.getOrCreateContext();
        String host = remote == null ? "unknown" : remote.hostAddress();
        String address = remote == null ? "unknown" : remote.toString();
        this.onClosed = whenClosed;
        this.session = new Session(host, address, ctx, this, Access.DENIED, limits.maxInFlight());
        long ms = limits.authTimeout().toMillis();
        authTimer = vertx.setTimer(ms, id -> authTimedOut(ms));
        session.onAuthenticated(() -> vertx.cancelTimer(authTimer));
        session.admission(admission);
        log.debug("rpc connection open transport={} remote={}", transport, address);
    }

    Session session() {
        return session;
    }

    /** One JSON text from the peer. */
    void received(String text) {
        if (session.isClosed()) {
            return;
        }
        session.requestStarted();
        dispatcher.handle(session, text).onComplete(ar -> session.requestFinished(ar.result()));
    }

    /** A text over the size limit: answered with -32004, discarded; the connection stays usable. */
    void overLimit(long seen, String what) {
        write(dispatcher.errorText(ErrorCode.LIMIT_EXCEEDED, what + " of " + seen + " bytes or more is over the limit of "
                + RpcLimits.bytes(limits.maxLineBytes()) + "; it was discarded"));
    }

    /** A text that is not UTF-8: -32700, and nothing of it runs; the connection stays usable. */
    void invalidUtf8() {
        write(dispatcher.errorText(ErrorCode.PARSE_ERROR, StrictUtf8.PARSE_ERROR_MESSAGE));
    }

    /** The transport closed. */
    void closed() {
        vertx.cancelTimer(authTimer);
        session.closed();
        onClosed.run();
        log.debug("rpc connection closed transport={} remote={}", transport, session.remoteAddress());
    }

    /** Closed to make room: the listener's budget of unauthenticated connections was full. */
    void evict() {
        log.debug("rpc connection closed transport={} remote={} reason=unauthenticated-budget-full max={}", transport,
                session.remoteAddress(), RpcLimits.MAX_UNAUTHENTICATED);
        write(dispatcher.errorText(ErrorCode.UNAUTHORIZED, "closed to make room: more than "
                + RpcLimits.MAX_UNAUTHENTICATED + " connections were waiting to authenticate (call auth at once"
                + " after connecting)"));
        close();
    }

    private void authTimedOut(long ms) {
        if (session.authenticated() || session.isClosed()) {
            return;
        }
        log.info("rpc connection closed transport={} remote={} reason=no-auth-within-{}ms", transport,
                session.remoteAddress(), ms);
        write(dispatcher.errorText(ErrorCode.UNAUTHORIZED, "not authenticated within "
                + seconds(ms) + ": closing the connection (call auth first)"));
        close();
    }

    @Override
    public void push(Notification notification) {
        write(dispatcher.codec().encode(notification));
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
