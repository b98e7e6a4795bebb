package zpm.examples.workers;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One client connection, served on one pool thread: requests one after another (keep-alive)
 * until the client closes, goes idle too long, asks to close, or the server stops.
 *
 * <p>Graceful stop must close idle connections but never cut a response in half. The
 * {@link Phase} says which is which, and both the serving thread and the stopping thread move
 * it with compare-and-set, so exactly one of them wins each race.
 */
final class HttpConnection implements Runnable {

    static final long MAX_BODY_BYTES = 1 << 20;

    /** IDLE: waiting for the first byte of a request. BUSY: reading, handling, answering. */
    private enum Phase { BUSY, IDLE, CLOSED }

    private final SocketChannel channel;
    private final Function<HttpRequest, HttpResponse> handler;
    private final BooleanSupplier stopping;
    private final int idleTimeoutMs;
    private final HttpRequestParser parser = new HttpRequestParser();
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BUSY);
    /** When the connection last became IDLE (System.nanoTime). */
    private volatile long idleSinceNanos;

    HttpConnection(SocketChannel channel, Function<HttpRequest, HttpResponse> handler,
                   BooleanSupplier stopping, int idleTimeoutMs) {
        this.channel = channel;
        this.handler = handler;
        this.stopping = stopping;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void run() {
        try {
            Socket socket = channel.socket();
            socket.setSoTimeout(idleTimeoutMs);
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            // The first request is served even when the server began stopping meanwhile: the
            // client connected before the listener closed and has likely sent it already.
            boolean more = exchangeBlocking(in, out);
            while (more && becomeIdle() && awaitRequestBlocking(in) && becomeBusy()) {
                more = exchangeBlocking(in, out);
            }
        } catch (SocketTimeoutException | EOFException e) {
            // Idle past the timeout, or the client left mid-request: nothing to answer.
        } catch (IOException e) {
            if (phase.get() != Phase.CLOSED) {
                System.err.println("connection error: " + e);
            }
        } finally {
            close();
        }
    }

    /**
     * Called by the stopping thread: closes the connection if it has waited between requests for
     * at least {@code quietNanos}. A connection idle for less may have its client's next request
     * on the wire: closing it now would reset that request. It gets its answer, with
     * {@code Connection: close}, instead.
     *
     * @return whether it did
     */
    boolean closeIfIdleFor(long quietNanos) {
        if (phase.get() != Phase.IDLE || System.nanoTime() - idleSinceNanos < quietNanos
                || !phase.compareAndSet(Phase.IDLE, Phase.CLOSED)) {
            return false;
        }
        closeChannel();
        return true;
    }

    boolean closed() {
        return phase.get() == Phase.CLOSED;
    }

    /** Called when the drain deadline has passed: closes whatever the phase. */
    void close() {
        phase.set(Phase.CLOSED);
        closeChannel();
    }

    /** One request and its response; @return whether the connection stays open for another. */
    private boolean exchangeBlocking(InputStream in, OutputStream out) throws IOException {
        HttpRequest request;
        try {
            request = parser.readBlocking(in);
            if (request == null) {
                return false;
            }
            if (request.contentLength() > MAX_BODY_BYTES) {
                throw new HttpRequestParser.BadRequest(413, "body larger than " + MAX_BODY_BYTES + " bytes");
            }
        } catch (HttpRequestParser.BadRequest e) {
            // The stream may be anywhere inside the bad request: answer, then close.
            out.write(HttpResponse.text(e.status, e.getMessage() + "\n").encode(false, false));
            return false;
        }
        // The routes read no bodies, but the bytes must go, or they would parse as the next request.
        in.skipNBytes(request.contentLength());
        HttpResponse response = respond(request);
        // Decided as late as possible: a stop that began during a slow request still closes
        // the connection, and the response says so.
        boolean keepAlive = request.keepAlive() && !stopping.getAsBoolean();
        out.write(response.encode(keepAlive, request.method().equals("HEAD")));
        return keepAlive;
    }

    private HttpResponse respond(HttpRequest request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            System.err.println("handler failed for " + request.method() + " " + request.target() + ": " + e);
            return HttpResponse.text(500, "internal error\n");
        }
    }

    /**
     * BUSY -> IDLE, unless the stopping thread closed us. Even when the server began stopping
     * meanwhile the connection stays open: its last response may have promised keep-alive (the
     * stop began while it was being written), so the client may be sending its next request right
     * now. That request is answered with {@code Connection: close}; if none comes, the stopping
     * thread closes the connection once it has been quiet for a while.
     */
    private boolean becomeIdle() {
        idleSinceNanos = System.nanoTime();
        return phase.compareAndSet(Phase.BUSY, Phase.IDLE);
    }

    /** IDLE -> BUSY once a request starts; fails when the stopping thread closed us first. */
    private boolean becomeBusy() {
        return phase.compareAndSet(Phase.IDLE, Phase.BUSY);
    }

    /** Blocks until the next request's first byte is buffered; false at end of stream. */
    private static boolean awaitRequestBlocking(InputStream in) throws IOException {
        in.mark(1);
        int first = in.read();
        in.reset();
        return first >= 0;
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is the last thing done with it; nothing to recover.
        }
    }
}
