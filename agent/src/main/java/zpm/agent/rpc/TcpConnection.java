package zpm.agent.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import zpm.protocol.jsonrpc.LineFramer;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** One NDJSON connection: one JSON text per line, UTF-8, lines up to {@link RpcLimits#maxLineBytes()}. */
final class TcpConnection extends StreamConnection {

    private final NetSocket socket;

    TcpConnection(Vertx vertx, NetSocket socket, RpcDispatcher dispatcher, RpcLimits limits) {
        super(vertx, dispatcher, limits, "tcp");
        this.socket = socket;
    }

    void start(BooleanSupplier admission, Runnable whenClosed) {
        open(socket.remoteAddress(), admission, whenClosed);
        LineFramer framer = new LineFramer(limits.maxLineBytes(), this::received, seen -> overLimit(seen, "a line"),
                this::invalidUtf8);
        socket.handler(buf -> framer.feed(buf.getBytes()));
        socket.endHandler(v -> framer.finish());
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> close());
    }

    @Override
    public void write(String jsonText) {
        // The JDK's String-to-UTF-8 (an array copy for ASCII text) rather than Netty's
        // char-by-char encoder: that loop was the top cost of a 100-worker status reply.
        byte[] text = jsonText.getBytes(StandardCharsets.UTF_8);
        socket.write(Buffer.buffer(text.length + 1).appendBytes(text).appendByte((byte) '\n'));
    }

    @Override
    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable handler) {
        socket.drainHandler(v -> handler.run());
    }

    @Override
    public void pauseInput() {
        socket.pause();
    }

    @Override
    public void resumeInput() {
        socket.resume();
    }

    @Override
    public void close() {
        socket.close();
    }
}
