package zpm.examples.workers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small blocking HTTP/1.1 server whose listening socket sets SO_REUSEPORT, so that every
 * worker of an app binds the same port and the kernel spreads new connections among them
 * (like Node's cluster, without a primary process passing sockets around).
 *
 * <p>One accept thread, and a bounded pool that serves each connection on one thread. When the
 * pool and its queue are full, new connections get a 503 at once rather than waiting unseen.
 */
final class ReusePortHttpServer {

    static final int THREADS = 16;
    static final int QUEUED_CONNECTIONS = 64;
    static final int IDLE_TIMEOUT_MS = 5_000;
    /** While stopping, a keep-alive connection quiet this long is closed between requests. */
    static final long QUIET_BEFORE_CLOSE_MS = 1_000;
    static final long DRAIN_TICK_MS = 20;

    private final ServerSocketChannel listener;
    private final Function<HttpRequest, HttpResponse> handler;
    private final ThreadPoolExecutor pool;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread acceptor;

    private ReusePortHttpServer(ServerSocketChannel listener, Function<HttpRequest, HttpResponse> handler) {
        this.listener = listener;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_CONNECTIONS), r -> new Thread(r, "http-" + n.incrementAndGet()));
        this.acceptor = new Thread(this::acceptLoop, "http-accept");
    }

    /**
     * Binds {@code port} on every interface with SO_REUSEPORT and starts accepting.
     *
     * @param port 0 for any free port (then there is nothing to share)
     */
    static ReusePortHttpServer startBlocking(int port, Function<HttpRequest, HttpResponse> handler)
            throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            if (!listener.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new IOException("SO_REUSEPORT is not supported here: workers could not share a port");
            }
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            listener.bind(new InetSocketAddress(port), 128);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        ReusePortHttpServer server = new ReusePortHttpServer(listener, handler);
        server.acceptor.start();
        return server;
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /**
     * Graceful stop: close the listener (the other workers on the port take the new
     * connections), let requests in flight finish within {@code grace} (their responses say
     * {@code Connection: close}), and close keep-alive connections once they have been quiet for
     * {@link #QUIET_BEFORE_CLOSE_MS}: one that went idle just now may have its client's next
     * request on the wire, and closing it would reset that request. Then close whatever is left.
     *
     * <p>Connections the kernel had queued on this listener but we had not accepted yet are
     * reset when it closes, unless {@code net.ipv4.tcp_migrate_req=1} moves them to a live
     * listener of the group (docs/workers.md).
     *
     * @return true when everything finished within {@code grace}
     */
    boolean stopBlocking(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        if (!stopping.compareAndSet(false, true)) {
            return false;
        }
        closeListener();
        acceptor.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        System.out.println("stopping: listener closed, " + connections.size() + " connection(s) open, "
                + pool.getQueue().size() + " queued, draining for at most " + grace.toMillis() + " ms");
        pool.shutdown();
        long quiet = TimeUnit.MILLISECONDS.toNanos(QUIET_BEFORE_CLOSE_MS);
        int idleClosed = 0;
        while (!pool.awaitTermination(DRAIN_TICK_MS, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - deadline >= 0) {
                connections.forEach(HttpConnection::close);
                pool.shutdownNow();
                pool.awaitTermination(1, TimeUnit.SECONDS);
                return false;
            }
            for (HttpConnection c : connections) {
                if (c.closeIfIdleFor(quiet)) {
                    idleClosed++;
                }
            }
        }
        System.out.println("drained: " + idleClosed + " quiet keep-alive connection(s) closed");
        return true;
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return; // stopBlocking closed the listener
            } catch (IOException e) {
                // E.g. out of file descriptors: say so, and keep serving those we have.
                System.err.println("accept failed: " + e);
                pauseAfterAcceptFailure();
                continue;
            }
            dispatch(channel);
        }
    }

    private void dispatch(SocketChannel channel) {
        HttpConnection connection = new HttpConnection(channel, handler, stopping::get, IDLE_TIMEOUT_MS);
        try {
            pool.execute(() -> {
                connections.add(connection);
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(channel);
        }
    }

    /** All threads busy and the queue full: an honest 503 beats a connection nobody reads. */
    private static void refuse(SocketChannel channel) {
        try (channel) {
            channel.socket().getOutputStream().write(
                    HttpResponse.text(503, "busy, try again\n").encode(false, false));
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException e) {
            System.err.println("closing the listener failed: " + e);
        }
    }

    /** Without a pause, a persistent accept error (EMFILE) would spin this thread at 100% CPU. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
