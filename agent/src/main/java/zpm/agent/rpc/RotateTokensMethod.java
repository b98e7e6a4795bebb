package zpm.agent.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.api.AppCalls.RotatedResult;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcException;

/**
 * {@code agent.rotateTokens}: new tokens written to their files on a worker thread (file I/O
 * never runs on an event loop). The caller's session, like every session already authenticated,
 * keeps its access; only new logins need the new tokens (the dispatcher brings the answer back to
 * the caller's context). The answer names the files, never a
 * token.
 */
final class RotateTokensMethod {

    private static final Logger log = LoggerFactory.getLogger(RotateTokensMethod.class);

    private final Vertx vertx;
    private final TokenStore tokens;

    RotateTokensMethod(Vertx vertx, TokenStore tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
    }

    Future<RotatedResult> call() {
        return vertx.executeBlocking(() -> {
            tokens.rotateBlocking();
            return new RotatedResult(tokens.tokenFile().toString(), tokens.readOnlyTokenFile().toString());
        }, false).recover(e -> {
            log.warn("tokens not rotated error={}", e.toString());
            return Future.failedFuture(new RpcException(ErrorCode.INTERNAL_ERROR, "the tokens were not rotated"
                    + " (the old ones still work): " + e.getMessage() + "; check that the token files' directory"
                    + " is writable"));
        });
    }
}
