package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** JDK HTTP, SSE and WebSocket test clients. */
final class HttpClients {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpClients() {
    }

    static HttpResponse<String> post(String url, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(req, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    static JsonNode json(String text) {
        try {
            return RawClient.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One SSE message: its fields, or a comment. */
    record Sse(String id, String event, String data, String comment) {
    }

    /** Reads an SSE stream on a thread of its own into a queue. */
    static final class SseReader implements AutoCloseable {
        final int status;
        private final InputStream body;
        private final BlockingQueue<Sse> messages = new LinkedBlockingQueue<>();

        SseReader(String url, List<String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
            for (int i = 0; i < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            body = r.body();
            Thread t = new Thread(this::readLoop, "sse-reader");
            t.setDaemon(true);
            t.start();
        }

        private void readLoop() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null, event = null, data = null, line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (event != null || data != null) {
                            messages.add(new Sse(id, event, data, null));
                        }
                        id = event = data = null;
                    } else if (line.startsWith(":")) {
                        messages.add(new Sse(null, null, null, line.substring(1).strip()));
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
            } catch (IOException e) {
                // stream closed by the test
            }
        }

        /** The next message that is not a comment. */
        Sse next() {
            while (true) {
                Sse m = poll();
                if (m.comment() == null) {
                    return m;
                }
            }
        }

        Sse poll() {
            try {
                Sse m = messages.poll(30, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("no SSE message within 30 s");
                }
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    /** A WebSocket that queues every text message it receives. */
    static final class WsClient implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final CountDownLatch closed = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket ws;

        WsClient(String url) {
            ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.countDown();
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode read() {
            try {
                String t = texts.poll(30, TimeUnit.SECONDS);
                if (t == null) {
                    throw new AssertionError("no WebSocket message within 30 s");
                }
                return json(t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }

        JsonNode call(String request) {
            send(request);
            return read();
        }

        boolean awaitClosed() throws InterruptedException {
            return closed.await(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
