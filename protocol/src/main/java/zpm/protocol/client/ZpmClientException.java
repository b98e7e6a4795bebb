package zpm.protocol.client;

import java.time.Duration;

/**
 * Why a {@link ZpmClient} could not do what it was asked, in one actionable line. An error
 * the agent answered (a JSON-RPC error object) is an {@link zpm.protocol.jsonrpc.RpcException}
 * instead.
 */
public class ZpmClientException extends RuntimeException {

    /** What kind of failure, for code that reacts differently to each. */
    public enum Kind {
        /** Nothing listens on the address: the agent is not running, or another port. */
        CONNECT_REFUSED(true),
        /** The host is unknown, or did not answer within the connect timeout. */
        UNREACHABLE(true),
        /** One side speaks TLS and the other does not, or the TLS handshake failed. */
        TLS_MISMATCH(false),
        /** The agent refused the token ({@code -32001} to {@code auth}). */
        AUTH_FAILED(false),
        /** The connection dropped (or the client was closed) before the answer came. */
        DISCONNECTED(true),
        /** No answer within the call timeout; the call may still run on the agent. */
        TIMEOUT(true),
        /** The server sent something that is not zpm's JSON-RPC. */
        PROTOCOL(false),
        /** The calling thread was interrupted while it waited. */
        INTERRUPTED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** True when trying again later may succeed without changing anything. */
        public boolean isRetryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public ZpmClientException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ZpmClientException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** "500ms", "5s", "1.5s": durations as people write them. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format("%.1fs", ms / 1000.0);
    }
}
