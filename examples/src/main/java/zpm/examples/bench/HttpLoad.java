package zpm.examples.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strict HTTP/1.1 load for zero-downtime tests: a few threads sending GET requests back to
 * back, either on keep-alive connections (reconnecting only when the server said
 * {@code Connection: close}) or on a new connection per request. Unlike a browser or the JDK's
 * HttpClient it never retries: any connect error, reset, early end of stream or non-2xx status
 * is a failure, recorded with when and how it happened.
 */
public final class HttpLoad implements AutoCloseable {

    /** One failed request: ms since the load started, what was under way, and the error. */
    public record Failure(long atMs, String phase, String error) {
    }

    private final int port;
    private final boolean keepAlive;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> okTimes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long startNanos = System.nanoTime();

    public HttpLoad(int port, boolean keepAlive, int threadCount) {
        this.port = port;
        this.keepAlive = keepAlive;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public long ok() {
        return ok.get();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The longest time without any successful response between {@code fromMs} and {@code toMs}. */
    public long longestGapMs(long fromMs, long toMs) {
        List<Long> times = new ArrayList<>(okTimes);
        times.sort(null);
        long last = fromMs;
        long gap = 0;
        for (long t : times) {
            if (t >= fromMs && t <= toMs) {
                gap = Math.max(gap, t - last);
                last = t;
            }
        }
        return Math.max(gap, toMs - last);
    }

    /** Successful responses per {@code bucketMs} between {@code fromMs} and {@code toMs}. */
    public long[] perBucket(long fromMs, long toMs, long bucketMs) {
        long[] counts = new long[(int) Math.max(1, (toMs - fromMs + bucketMs - 1) / bucketMs)];
        for (long t : okTimes) {
            if (t >= fromMs && t < toMs) {
                counts[(int) ((t - fromMs) / bucketMs)]++;
            }
        }
        return counts;
    }

    private void loop() {
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        byte[] requestBytes = request.getBytes(StandardCharsets.US_ASCII);
        while (running.get()) {
            String phase = "connect";
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    in = new BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                phase = "write";
                out.write(requestBytes);
                out.flush();
                phase = "read";
                boolean close = readResponse(in);
                ok.incrementAndGet();
                okTimes.add(nowMs());
                if (close || !keepAlive) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException | RuntimeException e) {
                if (running.get()) {
                    failures.add(new Failure(nowMs(), phase, e.toString()));
                }
                closeQuietly(socket);
                socket = null;
            }
        }
        closeQuietly(socket);
    }

    /** Reads one response; true when the server closes the connection after it. */
    private static boolean readResponse(InputStream in) throws IOException {
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        int length = -1;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("no content-length");
        }
        in.readNBytes(length);
        if (code < 200 || code > 299) {
            throw new IOException("status " + code);
        }
        return close;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException(sb.length() == 0 ? "connection closed before a response" : "cut response");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing after a failure
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
