package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.HostPort;
import zpm.protocol.jsonrpc.ErrorCode;

/**
 * JSON-RPC over TCP, NDJSON: one JSON text per line, UTF-8, lines up to 1 MiB, at most 256
 * authenticated connections (the next one gets one -32004 error line and is closed), {@code auth}
 * within 10 s, at most 256 connections waiting to authenticate (past that the oldest of them is
 * closed to admit a new one, see {@link PendingConnections}). Optional TLS.
 */
public final class TcpRpcServer extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(TcpRpcServer.class);

    private final HostPort address;
    private final RpcDispatcher dispatcher;
    private final RpcLimits limits;
    private final TlsFiles tls;
    private final PendingConnections<TcpConnection> pending =
            new PendingConnections<>("tcp", TcpConnection::evict, System::currentTimeMillis);
    private NetServer server;
    private int authenticated;

    /** @param tls a certificate and key, or null for plain TCP */
    public TcpRpcServer(HostPort address, RpcDispatcher dispatcher, RpcLimits limits, TlsFiles tls) {
        this.address = address;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.tls = tls;
    }

    @Override
    public Future<?> start() {
        NetServerOptions options = new NetServerOptions().setHost(address.host()).setPort(address.port());
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls.options());
        }
        server = vertx.createNetServer(options).connectHandler(this::connected);
        return server.listen()
                .recover(e -> Future.failedFuture(ListenFailure.of(address, "--rpc", e)))
                .onSuccess(s -> log.info("rpc listening transport=tcp address={} port={} tls={}", address,
                        s.actualPort(), tls != null));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port (the OS's choice when the address asked for port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** Open connections. */
    int connections() {
        return authenticated + pending.size();
    }

    /**
     * Refused at once only when the authenticated connections are at their limit (no login could
     * succeed); otherwise admitted as unauthenticated, closing the oldest such one if need be.
     */
    private void connected(NetSocket socket) {
        if (authenticated >= limits.maxConnections()) {
            log.warn("rpc connection refused transport=tcp remote={} reason=limit max={}", socket.remoteAddress(),
                    limits.maxConnections());
            socket.write(dispatcher.errorText(ErrorCode.LIMIT_EXCEEDED, "too many connections (the limit is "
                    + limits.maxConnections() + "); try again later") + "\n").onComplete(ar -> socket.close());
            return;
        }
        TcpConnection connection = new TcpConnection(vertx, socket, dispatcher, limits);
        pending.admit(connection);
        connection.start(() -> admitAuthenticated(connection), () -> closed(connection));
    }

    private boolean admitAuthenticated(TcpConnection connection) {
        pending.leave(connection);
        if (authenticated >= limits.maxConnections()) {
            return false;
        }
        authenticated++;
        return true;
    }

    private void closed(TcpConnection connection) {
        if (!pending.leave(connection) && connection.session().authenticated()) {
            authenticated--;
        }
    }
}
