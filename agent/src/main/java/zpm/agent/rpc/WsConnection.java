package zpm.agent.rpc;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.StrictUtf8;

import java.util.function.BooleanSupplier;

/**
 * JSON-RPC over the WebSocket at {@code /rpc}: like TCP, one JSON text per text message. Messages
 * are put together from their frames here, so one over {@link RpcLimits#maxLineBytes()} is
 * discarded as it arrives (nothing of it is kept) and answered with -32004, and the socket stays
 * usable, as with an over-long TCP line. (A single frame over the HTTP server's frame limit is
 * refused by the WebSocket layer, which closes the socket.)
 */
final class WsConnection extends StreamConnection {

    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    /** RFC 6455 close codes. */
    private static final short PROTOCOL_ERROR = 1002;
    private static final short INVALID_PAYLOAD = 1007;

    private final ServerWebSocket ws;
    private Buffer message;
    private long messageBytes;
    private boolean binary;

    WsConnection(Vertx vertx, ServerWebSocket ws, RpcDispatcher dispatcher, RpcLimits limits) {
        super(vertx, dispatcher, limits, "websocket");
        this.ws = ws;
    }

    void start(BooleanSupplier admission, Runnable whenClosed) {
        open(ws.remoteAddress(), admission, whenClosed);
        ws.frameHandler(this::frame);
        ws.closeHandler(v -> closed());
        ws.exceptionHandler(this::failed);
    }

    private void frame(WebSocketFrame f) {
        if (!f.isText() && !f.isBinary() && !f.isContinuation()) {
            return; // ping, pong and close are the WebSocket layer's
        }
        if (!f.isContinuation()) {
            binary = f.isBinary();
            message = Buffer.buffer();
            messageBytes = 0;
        }
        Buffer data = f.binaryData();
        messageBytes += data.length();
        if (message != null && messageBytes > limits.maxLineBytes()) {
            message = null; // over the limit: the rest of it is counted, not kept
        }
        if (message != null) {
            message.appendBuffer(data);
        }
        if (f.isFinal()) {
            messageEnded();
        }
    }

    private void messageEnded() {
        if (message == null) {
            overLimit(messageBytes, "a message");
        } else if (binary) {
            write(dispatcher.errorText(ErrorCode.INVALID_REQUEST,
                    "binary messages are not read: send each JSON-RPC text as a text message"));
        } else {
            textMessage(message.getBytes());
        }
        message = null;
    }

    /**
     * A text message that is not UTF-8 breaks the WebSocket protocol (RFC 6455 8.1): it is
     * answered -32700, so the client learns why, and the socket closed with 1007.
     */
    private void textMessage(byte[] bytes) {
        String text = StrictUtf8.decodeOrNull(bytes, 0, bytes.length);
        if (text != null) {
            received(text);
            return;
        }
        invalidUtf8();
        ws.close(INVALID_PAYLOAD, "a text message that is not UTF-8");
    }

    /**
     * A frame the WebSocket layer could not read (an unmasked frame, a reserved opcode, a
     * continuation with nothing to continue): closed with the status the decoder names, 1002
     * (protocol error) by default, not 1000 (normal closure), so the client knows it erred.
     */
    private void failed(Throwable e) {
        short status = e instanceof CorruptedWebSocketFrameException c
                ? (short) c.closeStatus().code() : PROTOCOL_ERROR;
        log.debug("websocket closed remote={} status={} error={}", ws.remoteAddress(), status, e.toString());
        if (!ws.isClosed()) {
            ws.close(status, e instanceof CorruptedWebSocketFrameException ? "protocol error" : null);
        }
    }

    @Override
    public void write(String jsonText) {
        ws.writeTextMessage(jsonText);
    }

    @Override
    public boolean writeQueueFull() {
        return ws.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable handler) {
        ws.drainHandler(v -> handler.run());
    }

    @Override
    public void pauseInput() {
        ws.pause();
    }

    @Override
    public void resumeInput() {
        ws.resume();
    }

    @Override
    public void close() {
        ws.close();
    }
}
