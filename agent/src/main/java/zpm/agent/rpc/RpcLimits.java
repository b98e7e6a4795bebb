package zpm.agent.rpc;

import java.time.Duration;

/**
 * The bounds of the RPC servers. {@link #DEFAULTS} are the production values; tests shorten the
 * timers with the {@code with...} methods.
 *
 * @param maxLineBytes      one NDJSON line, one WebSocket message, one HTTP body
 * @param maxConnections    authenticated connections per listener: TCP connections; HTTP
 *                          connections that sent a valid token; and WebSocket + SSE streams
 * @param maxBatch          entries in one JSON-RPC batch
 * @param maxInFlight       requests of one connection being answered at once (more: reading pauses)
 * @param authTimeout       a connection that has not authenticated by then is closed
 * @param maxFailedAuths    failed {@code auth} calls before a connection is closed
 * @param subscriberQueue   queued notifications per subscription before new ones are dropped
 * @param throttleInitial   the first delay of {@code auth} answers to an address with failures
 * @param throttleMax       the longest such delay (the delay doubles up to it)
 * @param throttleForget    an address quiet this long is forgotten
 * @param throttleTable     addresses remembered at most (the oldest is forgotten first)
 * @param sseHeartbeat      interval of the SSE comment heartbeat
 * @param historySize       events kept for SSE {@code Last-Event-ID} resume
 */
public record RpcLimits(int maxLineBytes, int maxConnections, int maxBatch, int maxInFlight,
                        Duration authTimeout, int maxFailedAuths, int subscriberQueue,
                        Duration throttleInitial, Duration throttleMax, Duration throttleForget,
                        int throttleTable, Duration sseHeartbeat, int historySize) {

    public static final int MAX_LINE_BYTES = 1024 * 1024;
    public static final int MAX_CONNECTIONS = 256;
    /**
     * Connections of one listener (TCP; HTTP, WebSockets included) not authenticated yet: past it
     * the oldest of them is closed to admit a new one once it has had
     * {@link #UNAUTHENTICATED_GRACE}, past {@link #MAX_UNAUTHENTICATED_HARD} at once. So sockets
     * that never log in cannot keep a real client out, and with {@link #MAX_CONNECTIONS} these
     * bound what the agent holds for its connections.
     */
    public static final int MAX_UNAUTHENTICATED = 256;
    public static final int MAX_UNAUTHENTICATED_HARD = 1024;
    public static final Duration UNAUTHENTICATED_GRACE = Duration.ofSeconds(1);
    /**
     * An authenticated HTTP connection with no request in flight (and not a stream) is closed
     * after this long; an unauthenticated one after {@link #authTimeout()}.
     */
    public static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int MAX_BATCH = 100;
    public static final int MAX_IN_FLIGHT = 64;
    public static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_FAILED_AUTHS = 5;
    public static final int SUBSCRIBER_QUEUE = 1000;
    public static final Duration THROTTLE_INITIAL = Duration.ofSeconds(1);
    public static final Duration THROTTLE_MAX = Duration.ofSeconds(30);
    public static final Duration THROTTLE_FORGET = Duration.ofMinutes(5);
    public static final int THROTTLE_TABLE = 4096;
    public static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);
    public static final int HISTORY_SIZE = 10_000;

    public static final RpcLimits DEFAULTS = new RpcLimits(MAX_LINE_BYTES, MAX_CONNECTIONS, MAX_BATCH,
            MAX_IN_FLIGHT, AUTH_TIMEOUT, MAX_FAILED_AUTHS, SUBSCRIBER_QUEUE, THROTTLE_INITIAL, THROTTLE_MAX,
            THROTTLE_FORGET, THROTTLE_TABLE, SSE_HEARTBEAT, HISTORY_SIZE);

    public RpcLimits withMaxConnections(int value) {
        return new RpcLimits(maxLineBytes, value, maxBatch, maxInFlight, authTimeout, maxFailedAuths,
                subscriberQueue, throttleInitial, throttleMax, throttleForget, throttleTable, sseHeartbeat,
                historySize);
    }

    public RpcLimits withAuthTimeout(Duration value) {
        return new RpcLimits(maxLineBytes, maxConnections, maxBatch, maxInFlight, value, maxFailedAuths,
                subscriberQueue, throttleInitial, throttleMax, throttleForget, throttleTable, sseHeartbeat,
                historySize);
    }

    public RpcLimits withThrottle(Duration initial, Duration max) {
        return new RpcLimits(maxLineBytes, maxConnections, maxBatch, maxInFlight, authTimeout, maxFailedAuths,
                subscriberQueue, initial, max, throttleForget, throttleTable, sseHeartbeat, historySize);
    }

    public RpcLimits withSseHeartbeat(Duration value) {
        return new RpcLimits(maxLineBytes, maxConnections, maxBatch, maxInFlight, authTimeout, maxFailedAuths,
                subscriberQueue, throttleInitial, throttleMax, throttleForget, throttleTable, value, historySize);
    }

    public RpcLimits withHistorySize(int value) {
        return new RpcLimits(maxLineBytes, maxConnections, maxBatch, maxInFlight, authTimeout, maxFailedAuths,
                subscriberQueue, throttleInitial, throttleMax, throttleForget, throttleTable, sseHeartbeat, value);
    }

    /** "1 MiB" for error messages. */
    public static String bytes(int n) {
        return n % (1024 * 1024) == 0 ? n / (1024 * 1024) + " MiB"
                : n % 1024 == 0 ? n / 1024 + " KiB" : n + " bytes";
    }
}
