package zpm.agent.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import zpm.protocol.jsonrpc.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * JSON-RPC over the WebSocket at {@code /rpc}: like TCP, one JSON text per text message. Messages
 * are put together from their frames here, so one over {@link RpcLimits#maxLineBytes()} is
 * discarded as it arrives (nothing of it is kept) and answered with -32004, and the socket stays
 * usable, as with an over-long TCP line. (A single frame over the HTTP server's frame limit is
 * refused by the WebSocket layer, which closes the socket.)
 */
final class WsConnection extends StreamConnection {

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
        ws.exceptionHandler(e -> close());
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
            received(message.toString(StandardCharsets.UTF_8));
        }
        message = null;
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
