package zpm.agent.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import zpm.protocol.jsonrpc.LineFramer;

/** One NDJSON connection: one JSON text per line, UTF-8, lines up to {@link RpcLimits#maxLineBytes()}. */
final class TcpConnection extends StreamConnection {

    private final NetSocket socket;

    TcpConnection(Vertx vertx, NetSocket socket, RpcDispatcher dispatcher, RpcLimits limits) {
        super(vertx, dispatcher, limits, "tcp");
        this.socket = socket;
    }

    void start(Runnable whenClosed) {
        open(socket.remoteAddress(), whenClosed);
        LineFramer framer = new LineFramer(limits.maxLineBytes(), this::received, seen -> overLimit(seen, "a line"));
        socket.handler(buf -> framer.feed(buf.getBytes()));
        socket.endHandler(v -> framer.finish());
        socket.closeHandler(v -> closed());
        socket.exceptionHandler(e -> close());
    }

    @Override
    public void write(String jsonText) {
        socket.write(jsonText + "\n");
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
