package zpm.agent.rpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.core.SupervisorException;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a failed call into the error the caller sees: an {@link RpcException} as it is, a
 * {@link SupervisorException} by its kind, anything else as an internal error with a reference
 * to the agent log (where the cause is logged), never a stack trace on the wire.
 */
public final class RpcErrors {

    private static final Logger log = LoggerFactory.getLogger(RpcErrors.class);
    private static final AtomicLong REFS = new AtomicLong();

    private RpcErrors() {
    }

    /** The error the caller of {@code method} sees for this failure. */
    public static RpcError of(Throwable failure, String method) {
        Throwable t = unwrap(failure);
        if (t instanceof RpcException r) {
            return r.error();
        }
        if (t instanceof SupervisorException s) {
            return RpcError.of(code(s.kind()), s.getMessage());
        }
        long ref = REFS.incrementAndGet();
        log.error("rpc internal error ref={} method={}", ref, method, t);
        return RpcError.of(ErrorCode.INTERNAL_ERROR, "internal error (see the agent log, ref " + ref + ")");
    }

    static ErrorCode code(SupervisorException.Kind kind) {
        return switch (kind) {
            case UNKNOWN_APP -> ErrorCode.UNKNOWN_APP;
            case UNKNOWN_WORKER -> ErrorCode.UNKNOWN_WORKER;
            case CONFLICT -> ErrorCode.CONFLICT;
            case SHUTTING_DOWN -> ErrorCode.SHUTTING_DOWN;
            case INVALID -> ErrorCode.INVALID_PARAMS;
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
