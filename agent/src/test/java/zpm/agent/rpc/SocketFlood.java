package zpm.agent.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Many plain sockets to one port that never authenticate: what a hostile local script does. */
public final class SocketFlood implements AutoCloseable {

    /** Opens a WebSocket at /rpc and then sends nothing. */
    public static final String WEBSOCKET_UPGRADE = "GET /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private final List<Socket> sockets = new ArrayList<>();
    private final BitSet closed = new BitSet();
    private final Map<Integer, ByteArrayOutputStream> received = new HashMap<>();

    private SocketFlood() {
    }

    /** @param greeting sent on each socket after connecting, or null for nothing */
    public static SocketFlood open(int port, int n, String greeting) {
        SocketFlood flood = new SocketFlood();
        try {
            for (int i = 0; i < n; i++) {
                flood.sockets.add(connect(port, greeting));
            }
            return flood;
        } catch (RuntimeException e) {
            flood.close();
            throw e;
        }
    }

    private static Socket connect(int port, String greeting) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            if (greeting != null) {
                s.getOutputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
            }
            return s;
        } catch (IOException e) {
            quietly(s);
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the agent has closed at least this many of the sockets. */
    public void awaitClosedAtLeast(int n) {
        Await.until(n + " flood sockets closed by the agent", () -> countClosed() >= n);
    }

    private int countClosed() {
        for (int i = closed.nextClearBit(0); i < sockets.size(); i = closed.nextClearBit(i + 1)) {
            if (drainedToEnd(i)) {
                closed.set(i);
            }
        }
        return closed.cardinality();
    }

    /** True when the peer closed (what it sent is kept); false when it is merely quiet. */
    private boolean drainedToEnd(int i) {
        try {
            Socket s = sockets.get(i);
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                received.computeIfAbsent(i, k -> new ByteArrayOutputStream()).write(buf, 0, n);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }

    /** The first line the agent sent on socket i (read while waiting for it to close). */
    public String firstLine(int i) {
        ByteArrayOutputStream bytes = received.get(i);
        String text = bytes == null ? "" : bytes.toString(StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    @Override
    public void close() {
        sockets.forEach(SocketFlood::quietly);
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }

    static Reconnecting reconnecting(int port, int n) {
        return new Reconnecting(port, n);
    }

    /** n sockets on a thread of their own, each opened again as soon as the agent closes it. */
    static final class Reconnecting implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        private volatile boolean opened;

        private Reconnecting(int port, int n) {
            thread = new Thread(() -> run(port, n), "socket-flood");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(int port, int n) {
            SocketFlood flood = open(port, n, null);
            opened = true;
            try {
                while (!stop) {
                    for (int i = 0; i < n && !stop; i++) {
                        if (flood.drainedToEnd(i)) {
                            quietly(flood.sockets.get(i));
                            flood.sockets.set(i, connect(port, null));
                        }
                    }
                }
            } finally {
                flood.close();
            }
        }

        void awaitOpened() {
            Await.until("the flood's sockets open", () -> opened);
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
