package zpm.agent.rpc;

import zpm.protocol.jsonrpc.Notification;

/**
 * How a session writes to its transport (a TCP line, a WebSocket frame, an SSE message, an HTTP
 * body) and how it holds back a peer that sends faster than it reads. Called on the session's
 * context only.
 */
interface Outbound {

    /** Writes one JSON text (a response, or the answers of a batch). */
    void write(String jsonText);

    /** Writes one notification. */
    void push(Notification notification);

    /** True when the transport's write buffer is over its high-water mark. */
    boolean writeQueueFull();

    /** Called (repeatedly) each time a full write buffer has drained. */
    void onDrain(Runnable handler);

    /** Stops reading from the peer (too many requests in flight, or its answers not read). */
    void pauseInput();

    void resumeInput();

    /** Closes the transport; the transport's close handler then closes the session. */
    void close();

    /** False for transports without a way to push (an HTTP POST). */
    default boolean canPush() {
        return true;
    }
}
