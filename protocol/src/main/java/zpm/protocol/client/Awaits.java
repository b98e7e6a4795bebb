package zpm.protocol.client;

import com.fasterxml.jackson.databind.JsonNode;
import zpm.protocol.jsonrpc.RpcException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking waits on a call's future, with the failure rethrown on the caller's own stack. */
final class Awaits {

    private Awaits() {
    }

    static JsonNode get(CompletableFuture<JsonNode> f, long maxMillis, String method, String where) {
        try {
            return f.get(maxMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (TimeoutException e) {
            // Only when the timer thread is stuck: the connection's own timeout normally fires first.
            throw new ZpmClientException(ZpmClientException.Kind.TIMEOUT, "no answer to \"" + method + "\" from "
                    + where + " within " + maxMillis + "ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZpmClientException(ZpmClientException.Kind.INTERRUPTED,
                    "interrupted while waiting for the answer to \"" + method + "\"", e);
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RpcException) {
            return (RpcException) cause; // carries no stack trace, so reusing it loses nothing
        }
        if (cause instanceof ZpmClientException) {
            ZpmClientException z = (ZpmClientException) cause;
            return new ZpmClientException(z.kind(), z.getMessage(), z);
        }
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        return new IllegalStateException(cause);
    }
}
