package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.api.AgentCalls.AuthParams;
import zpm.protocol.api.AgentCalls.AuthResult;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

/**
 * {@code auth} {token} → {"ok": true, "readOnly": bool}. A wrong token is -32001; after
 * {@link RpcLimits#maxFailedAuths()} on one connection the connection is closed, and wrong-token
 * answers to that address are slowed down by the {@link AuthThrottle} (a right token never
 * waits). Tokens are never logged.
 */
final class AuthMethod {

    private static final Logger log = LoggerFactory.getLogger(AuthMethod.class);

    private final Vertx vertx;
    private final TokenStore tokens;
    private final AuthThrottle throttle;
    private final int maxFailures;
    private final int maxConnections;

    AuthMethod(Vertx vertx, TokenStore tokens, AuthThrottle throttle, RpcLimits limits) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.throttle = throttle;
        this.maxFailures = limits.maxFailedAuths();
        this.maxConnections = limits.maxConnections();
    }

    /**
     * The token is checked first (in constant time): a right one is answered at once whatever the
     * address's failures, so guesses from the operator's own host never lock the operator out;
     * only a wrong one waits the throttle's delay.
     */
    Future<AuthResult> call(Session session, AuthParams params) {
        Access access = tokens.check(params.token());
        String host = session.remoteHost();
        if (access.granted()) {
            throttle.succeeded(host);
            return Future.succeededFuture(answer(session, access, 0));
        }
        long delay = throttle.delayMs(host);
        throttle.failed(host);
        Future<Void> wait = delay == 0 ? Future.succeededFuture() : session.back(vertx.timer(delay));
        return wait.map(v -> answer(session, access, delay));
    }

    private AuthResult answer(Session session, Access access, long delayedMs) {
        if (access.granted()) {
            if (!session.admit()) {
                session.closeAfterAnswer();
                log.warn("rpc auth refused remote={} reason=limit", session.remoteAddress());
                throw new RpcException(ErrorCode.LIMIT_EXCEEDED, "too many authenticated connections (the limit is "
                        + maxConnections + "); try again later");
            }
            session.authenticate(access);
            log.info("rpc auth ok remote={} access={} delayedMs={}", session.remoteAddress(), access, delayedMs);
            return new AuthResult(true, access == Access.READ_ONLY);
        }
        int failures = session.authFailed();
        log.warn("rpc auth failed remote={} failures={} delayedMs={}", session.remoteAddress(), failures, delayedMs);
        if (failures >= maxFailures) {
            session.closeAfterAnswer();
            throw new RpcException(ErrorCode.UNAUTHORIZED, "invalid token; " + failures
                    + " failed attempts: closing the connection");
        }
        throw new RpcException(ErrorCode.UNAUTHORIZED, "invalid token (the full token is in the agent's"
                + " token file, a read-only one in token.readonly beside it)");
    }
}
