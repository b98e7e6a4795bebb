package zpm.protocol.jsonrpc;

/**
 * Every error code zpm answers with: the JSON-RPC 2.0 standard ones and zpm's own
 * application errors (-32001 .. -32099). docs/protocol.md lists them with an example each.
 */
public enum ErrorCode {
    /** The text is not JSON. The connection stays usable. */
    PARSE_ERROR(-32700, "parse error"),
    /** JSON, but not a valid request object. */
    INVALID_REQUEST(-32600, "invalid request"),
    /** No method by that name. */
    METHOD_NOT_FOUND(-32601, "method not found"),
    /** A param is missing, unknown or of the wrong type; the message names it. */
    INVALID_PARAMS(-32602, "invalid params"),
    /** A bug in the agent; never carries a stack trace. */
    INTERNAL_ERROR(-32603, "internal error"),
    /** No valid {@code auth} yet on this connection (or a bad token). */
    UNAUTHORIZED(-32001, "unauthorized"),
    /** The agent is quitting: no new work. */
    SHUTTING_DOWN(-32002, "shutting down"),
    /** The token is read-only and the method changes something. */
    FORBIDDEN(-32003, "forbidden"),
    /** A line, frame, batch or connection limit was exceeded. */
    LIMIT_EXCEEDED(-32004, "limit exceeded"),
    /** No app by that name. */
    UNKNOWN_APP(-32010, "unknown app"),
    /** No worker with that id. */
    UNKNOWN_WORKER(-32011, "unknown worker"),
    /** Conflicts with the current state (an app that exists, an operation already running). */
    CONFLICT(-32012, "conflict"),
    /** A worker process could not be started. */
    SPAWN_FAILED(-32013, "spawn failed"),
    /** A long operation did not finish within its timeout; it may still be going on. */
    TIMEOUT(-32014, "timeout"),
    /** A long operation ended without reaching its goal (e.g. a rolling restart stopped). */
    FAILED(-32015, "operation failed"),
    /** A qualified target or a {@code node} param names no node of the fleet; the message lists the known ones. */
    NODE_UNKNOWN(-32016, "unknown node"),
    /** The node a call was sent to left the fleet (killed, cut off) before it answered. */
    NODE_LEFT(-32017, "node left");

    private final int code;
    private final String title;

    ErrorCode(int code, String title) {
        this.code = code;
        this.title = title;
    }

    public int code() {
        return code;
    }

    /** A short name for the code, e.g. "unknown app". */
    public String title() {
        return title;
    }

    /** @return the enum constant for a numeric code, or null for a code zpm does not use */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
