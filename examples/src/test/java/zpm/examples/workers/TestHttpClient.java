package zpm.examples.workers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection that writes requests by hand and reads responses by Content-Length:
 * the JDK's clients pool and reuse connections behind our back, and these tests are about
 * exactly which connection goes where.
 */
final class TestHttpClient implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket = new Socket();
    private final InputStream in;

    TestHttpClient(int port) throws IOException {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000); // a bound on every read, so a broken server fails the test
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** GET on a fresh connection that closes after the response. */
    static Response getOnce(int port, String path) throws IOException {
        try (TestHttpClient client = new TestHttpClient(port)) {
            return client.exchange("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        }
    }

    Response get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
    }

    Response exchange(String request) throws IOException {
        send(request);
        return readResponse();
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    Response readResponse() throws IOException {
        String status = readLine();
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection (end of stream) within {@code timeout}, sending nothing. */
    boolean closedByServerWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed inside a response; got " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
    }
}
