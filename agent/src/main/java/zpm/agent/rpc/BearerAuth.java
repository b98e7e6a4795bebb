package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.jsonrpc.ErrorCode;

/**
 * HTTP auth: {@code Authorization: Bearer <token>}, or (for SSE, because browsers'
 * {@code EventSource} cannot set headers) a {@code ?token=} query param. Wrong tokens count in
 * the {@link AuthThrottle} like failed {@code auth} calls, and wrong-token answers to a throttled
 * address wait; a right token is admitted at once.
 */
final class BearerAuth {

    private static final Logger log = LoggerFactory.getLogger(BearerAuth.class);
    private static final String SCHEME = "bearer ";

    private final Vertx vertx;
    private final TokenStore tokens;
    private final AuthThrottle throttle;

    BearerAuth(Vertx vertx, TokenStore tokens, AuthThrottle throttle) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    Future<Access> check(HttpServerRequest req, boolean allowQueryToken) {
        String token = token(req, allowQueryToken);
        if (token == null) {
            return Future.succeededFuture(Access.DENIED);
        }
        String host = req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
        Access access = tokens.check(token);
        if (access.granted()) {
            throttle.succeeded(host); // a right token never waits, whatever the address's failures
            return Future.succeededFuture(access);
        }
        long delay = throttle.delayMs(host);
        throttle.failed(host);
        log.warn("http auth failed remote={} path={} delayedMs={}", req.remoteAddress(), req.path(), delay);
        return delay == 0 ? Future.succeededFuture(access) : vertx.timer(delay).map(access);
    }

    private static String token(HttpServerRequest req, boolean allowQuery) {
        String header = req.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.length() > SCHEME.length()
                && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return header.substring(SCHEME.length()).strip();
        }
        return allowQuery ? req.getParam("token") : null;
    }

    /** 401 with a JSON-RPC -32001 error as the body. */
    static void unauthorized(HttpServerResponse response, RpcDispatcher dispatcher, boolean queryAllowed) {
        String how = queryAllowed ? "send Authorization: Bearer <token> (or ?token=<token>)"
                : "send Authorization: Bearer <token>";
        HttpRpcServer.json(response.setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"zpm\""),
                dispatcher.errorText(ErrorCode.UNAUTHORIZED, "missing or invalid token: " + how));
    }
}
