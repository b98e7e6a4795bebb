package zpm.agent.rpc;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.HostPort;
import zpm.agent.dashboard.DashboardFiles;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.Notification;
import zpm.protocol.jsonrpc.StrictUtf8;
import zpm.protocol.jsonrpc.RpcException;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP: {@code POST /rpc} (JSON-RPC body, batch included; {@code Authorization: Bearer <token>};
 * a body of notifications only → 204), the WebSocket at {@code /rpc} (like TCP: {@code auth}
 * first, one JSON text per message, pushed notifications) and SSE at {@code GET /events}
 * ({@code ?type=fork,exit&app=web}, {@code Last-Event-ID} or {@code ?lastEventId=} to resume,
 * Bearer header or {@code ?token=} for browsers' EventSource). WebSockets and SSE streams
 * together are limited like TCP connections.
 */
public final class HttpRpcServer extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(HttpRpcServer.class);
    /** One frame of up to the line limit (plus headroom) is read; longer messages must come in frames. */
    private static final int WS_FRAME_HEADROOM = 64 * 1024;

    private final HostPort address;
    private final RpcDispatcher dispatcher;
    private final BearerAuth bearer;
    private final EventMethods events;
    private final EventHistory history;
    private final RpcLimits limits;
    private final TlsFiles tls;
    private final MetricsScrape metrics;
    private HttpConnections connections;
    private HttpServer server;
    private int streams;

    HttpRpcServer(HostPort address, RpcDispatcher dispatcher, BearerAuth bearer, EventMethods events,
                  EventHistory history, RpcLimits limits, TlsFiles tls, MetricsScrape metrics) {
        this.address = address;
        this.dispatcher = dispatcher;
        this.bearer = bearer;
        this.events = events;
        this.history = history;
        this.limits = limits;
        this.tls = tls;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        // No cleartext HTTP/2: to tell it from HTTP/1.1 the server waits for a connection's first
        // bytes before it reports the connection, so an idle socket would escape HttpConnections.
        HttpServerOptions options = new HttpServerOptions().setHost(address.host()).setPort(address.port())
                .setHttp2ClearTextEnabled(false)
                .setMaxWebSocketFrameSize(limits.maxLineBytes() + WS_FRAME_HEADROOM);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(tls.options());
        }
        connections = new HttpConnections(vertx, limits);
        server = vertx.createHttpServer(options).connectionHandler(connections::connected).requestHandler(router());
        return server.listen()
                .recover(e -> Future.failedFuture(ListenFailure.of(address, "--http", e)))
                .onSuccess(s -> log.info("rpc listening transport=http address={} port={} tls={}", address,
                        s.actualPort(), tls != null));
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> connections.track(ctx));
        router.post("/rpc").handler(BodyHandler.create(false).setBodyLimit(limits.maxLineBytes())).handler(this::post);
        router.get("/rpc").handler(this::webSocket);
        router.get("/events").handler(this::events);
        router.get("/healthz").handler(HttpRpcServer::healthz);
        if (metrics != null) {
            router.get("/metrics").handler(new MetricsRoute(vertx, bearer, dispatcher, metrics, this::admitted));
        }
        // A lambda, not a method reference: DashboardFiles loads with the first GET /, not here.
        router.get("/").handler(ctx -> DashboardFiles.serve(ctx));
        router.get("/dashboard/*").handler(ctx -> DashboardFiles.serve(ctx));
        router.errorHandler(413, ctx -> json(ctx.response().setStatusCode(413), dispatcher.errorText(
                ErrorCode.LIMIT_EXCEEDED, "the body is over the limit of " + RpcLimits.bytes(limits.maxLineBytes()))));
        router.uncaughtErrorHandler(this::failed);
        return router;
    }

    /**
     * A failure no handler answered. A request HTTP itself could not read (a broken chunk size, a
     * bad header) gets 400, the connection closed (nothing after it can be framed), and one line
     * at debug, so that a flood of them cannot fill the agent's log: left to the router, it was
     * answered 200 and logged with a stack trace each time. Anything else is a bug: 500 and the
     * stack trace, as the router did.
     */
    private void failed(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse response = ctx.response();
        Throwable cause = req.decoderResult().isFailure() ? req.decoderResult().cause() : ctx.failure();
        if (!req.decoderResult().isFailure() && !fromHttpDecoder(cause)) {
            int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
            if (status >= 500) {
                log.error("rpc http request failed remote={} status={}", req.remoteAddress(), status, ctx.failure());
            } else {
                log.debug("rpc http request refused remote={} status={}", req.remoteAddress(), status);
            }
            if (!response.headWritten()) {
                json(response.setStatusCode(status), dispatcher.errorText(status >= 500 ? ErrorCode.INTERNAL_ERROR
                        : ErrorCode.INVALID_REQUEST, "the request failed (HTTP " + status + "): see the agent's log"));
            }
            return;
        }
        log.debug("rpc http request malformed remote={} error={}", req.remoteAddress(), String.valueOf(cause));
        if (response.headWritten()) {
            req.connection().close();
            return;
        }
        json(response.setStatusCode(400).putHeader(HttpHeaders.CONNECTION, "close"), dispatcher.errorText(
                ErrorCode.INVALID_REQUEST, "malformed HTTP request (" + (cause == null ? "unreadable" : cause.getMessage())
                        + "): send POST /rpc with a JSON-RPC body and a Content-Length, or a well-formed chunked body"))
                .onComplete(v -> req.connection().close());
    }

    /**
     * True when Netty's HTTP decoder threw it (a broken chunk size reaches the router as a plain
     * NumberFormatException thrown in HttpObjectDecoder): the top frame says who threw, so a bug
     * of ours run beneath the decoder's channelRead is not mistaken for bad input.
     */
    private static boolean fromHttpDecoder(Throwable t) {
        if (t instanceof DecoderException) {
            return true;
        }
        StackTraceElement[] frames = t == null ? new StackTraceElement[0] : t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.netty.handler.codec.http.");
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    RpcCounts rpcCounts() {
        return dispatcher.counts();
    }

    public int actualPort() {
        return server.actualPort();
    }

    private void post(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        bearer.check(req, false).onSuccess(access -> {
            if (!access.granted()) {
                BearerAuth.unauthorized(ctx.response(), dispatcher, false);
                return;
            }
            if (!admitted(req, ctx.response())) {
                return;
            }
            Session session = new Session(req.remoteAddress().hostAddress(), req.remoteAddress().toString(),
                    vertx.getOrCreateContext(), new NoPush(), access, limits.maxInFlight());
            byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            String body = StrictUtf8.decodeOrNull(bytes, 0, bytes.length);
            if (body == null) {
                json(ctx.response(), dispatcher.errorText(ErrorCode.PARSE_ERROR, StrictUtf8.PARSE_ERROR_MESSAGE));
                return;
            }
            dispatcher.handle(session, body).onSuccess(reply -> {
                if (ctx.response().closed()) {
                    reply.answered();
                    return;
                }
                Future<Void> written = reply.text() == null ? ctx.response().setStatusCode(204).end()
                        : json(ctx.response(), reply.text());
                written.onComplete(v -> reply.answered());
            });
        });
    }

    /** For load balancers and liveness checks: no token, no data; answered while the agent serves. */
    private static void healthz(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end("ok\n");
    }

    private void webSocket(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!req.canUpgradeToWebSocket()) {
            json(ctx.response().setStatusCode(400), dispatcher.errorText(ErrorCode.INVALID_REQUEST,
                    "GET /rpc is the WebSocket endpoint; for a single call use POST /rpc"));
            return;
        }
        if (streamsFull()) {
            refuseStream(ctx.response());
            return;
        }
        HttpConnection connection = req.connection();
        connections.streaming(connection);
        req.toWebSocket()
                .onSuccess(ws -> webSocketOpened(new WsConnection(vertx, ws, dispatcher, limits), connection))
                .onFailure(e -> log.debug("websocket upgrade failed remote={} error={}", req.remoteAddress(),
                        e.toString()));
    }

    /** A WebSocket takes a stream slot when it authenticates, not before (it waits in the budget). */
    private void webSocketOpened(WsConnection ws, HttpConnection connection) {
        ws.start(() -> connections.authenticated(connection) && takeStream(), () -> {
            if (ws.session().authenticated()) {
                streams--;
            }
        });
    }

    private void events(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!queryDecodes(ctx)) {
            return;
        }
        bearer.check(req, true).onSuccess(access -> {
            if (!access.granted()) {
                BearerAuth.unauthorized(ctx.response(), dispatcher, true);
                return;
            }
            EventFilter filter;
            Long lastEventId;
            try {
                filter = EventFilter.of(listParam(req, "type"), req.getParam("app"));
                lastEventId = lastEventId(req);
            } catch (RpcException e) {
                json(ctx.response().setStatusCode(400), dispatcher.errorText(e.code(), e.getMessage()));
                return;
            }
            if (!admitted(req, ctx.response())) {
                return;
            }
            if (!takeStream()) {
                refuseStream(ctx.response());
                return;
            }
            connections.streaming(req.connection());
            SseStream sse = new SseStream(vertx, ctx.response());
            Session session = new Session(req.remoteAddress().hostAddress(), req.remoteAddress().toString(),
                    vertx.getOrCreateContext(), sse, access, limits.maxInFlight());
            sse.start(session, events, history, filter, lastEventId, limits.sseHeartbeat().toMillis(),
                    () -> streams--);
        });
    }

    /**
     * Decodes the query string once, before anything reads a param: a broken escape such as
     * {@code ?type=%zz} made the first getParam throw, and the request ended in a 500 with a stack
     * trace in the log (found by ProtocolFuzzIT). Answers 400 with -32600 and returns false then.
     */
    private boolean queryDecodes(RoutingContext ctx) {
        try {
            ctx.request().params();
            return true;
        } catch (IllegalArgumentException e) {
            json(ctx.response().setStatusCode(400), dispatcher.errorText(ErrorCode.INVALID_REQUEST, "malformed query string ("
                    + e.getMessage() + "): percent-encode it, e.g. %2C for a comma, %25 for %"));
            return false;
        }
    }

    private boolean streamsFull() {
        if (streams >= limits.maxConnections()) {
            log.warn("rpc connection refused transport=http reason=limit max={}", limits.maxConnections());
            return true;
        }
        return false;
    }

    private boolean takeStream() {
        if (streamsFull()) {
            return false;
        }
        streams++;
        return true;
    }

    private void refuseStream(HttpServerResponse response) {
        json(response.setStatusCode(503), dispatcher.errorText(ErrorCode.LIMIT_EXCEEDED,
                "too many WebSocket and SSE connections (the limit is " + limits.maxConnections()
                        + "); try again later"));
    }

    /** False (and 503 sent) when this connection cannot join the authenticated ones. */
    boolean admitted(HttpServerRequest req, HttpServerResponse response) {
        if (connections.authenticated(req.connection())) {
            return true;
        }
        json(response.setStatusCode(503).putHeader(HttpHeaders.CONNECTION, "close"), dispatcher.errorText(
                ErrorCode.LIMIT_EXCEEDED, "too many authenticated HTTP connections (the limit is "
                        + limits.maxConnections() + "); close idle ones or try again later"));
        return false;
    }

    private static List<String> listParam(HttpServerRequest req, String name) {
        List<String> out = new ArrayList<>();
        for (String v : req.params().getAll(name)) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private static Long lastEventId(HttpServerRequest req) {
        String v = req.getHeader("Last-Event-ID");
        if (v == null) {
            v = req.getParam("lastEventId");
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "Last-Event-ID must be an event seq (a number), not \""
                    + (v.length() > 20 ? v.substring(0, 20) + "..." : v) + "\"");
        }
    }

    static Future<Void> json(HttpServerResponse response, String body) {
        return response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(body);
    }

    /** An HTTP POST cannot push: subscriptions are refused on it. */
    static class NoPush implements Outbound {
        @Override
        public void write(String jsonText) {
        }

        @Override
        public void push(Notification notification) {
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void onDrain(Runnable handler) {
        }

        @Override
        public void pauseInput() {
        }

        @Override
        public void resumeInput() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean canPush() {
            return false;
        }
    }
}
