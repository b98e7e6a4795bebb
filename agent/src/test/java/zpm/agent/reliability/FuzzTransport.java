package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zpm.agent.rpc.RawClient;
import zpm.agent.rpc.RawWebSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One way to send a hostile text to the agent and get back exactly the answers it caused: over
 * TCP and the WebSocket a probe request follows it, and everything read before the probe's
 * answer belongs to the hostile text; over HTTP the body of the answer.
 */
abstract class FuzzTransport implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What a hostile text came to: its answers, the HTTP status (0 elsewhere), and whether the agent closed. */
    record Exchange(List<JsonNode> answers, int httpStatus, boolean closed) {
    }

    final String name;
    private long probes;

    FuzzTransport(String name) {
        this.name = name;
    }

    abstract Exchange exchange(byte[] text);

    /** The text in pieces: TCP writes of 1 to 7 bytes with pauses, WebSocket fragments; HTTP sends it whole. */
    Exchange exchangeSplit(byte[] text, Random random) {
        return exchange(text);
    }

    /**
     * The answer to the request with this id, sent as {@code text}; answers to others read on
     * the way are kept in the exchange too (a long operation's answer may come late).
     */
    Exchange call(String id, byte[] text) {
        return exchange(text);
    }

    @Override
    public abstract void close();

    String nextProbe() {
        return "probe-" + (++probes);
    }

    static String probe(String id) {
        return RawClient.request(id, "agent.info", null);
    }

    /**
     * A connection that stays open (TCP, WebSocket): a hostile text is followed by a probe, and
     * what comes before the probe's answer is the text's; opened again when the agent closes it.
     */
    abstract static class Stream extends FuzzTransport {

        Stream(String name) {
            super(name);
        }

        abstract void reconnect();

        /** Sends one text (a line, a message); false when the connection is gone. */
        abstract boolean send(byte[] text);

        /** The next JSON text from the agent; null once it closed the connection. */
        abstract JsonNode next();

        @Override
        Exchange exchange(byte[] text) {
            String id = nextProbe();
            if (!send(text) || !send(probe(id).getBytes(StandardCharsets.UTF_8))) {
                reconnect();
                return new Exchange(List.of(), 0, true);
            }
            return readUntil(id);
        }

        @Override
        Exchange call(String id, byte[] text) {
            if (!send(text)) {
                reconnect();
                return new Exchange(List.of(), 0, true);
            }
            return readUntil(id);
        }

        /** Reads up to the answer with this id (kept, unless it is the probe's); notifications are skipped. */
        Exchange readUntil(String id) {
            List<JsonNode> answers = new ArrayList<>();
            for (JsonNode n = next(); ; n = next()) {
                if (n == null) {
                    reconnect();
                    return new Exchange(answers, 0, true);
                }
                if (n.has("method")) {
                    continue; // a notification of a subscription some case made
                }
                boolean itsAnswer = n.path("id").isTextual() && n.path("id").asText().equals(id);
                if (!(itsAnswer && id.startsWith("probe-"))) {
                    answers.add(n);
                }
                if (itsAnswer) {
                    return new Exchange(answers, 0, false);
                }
            }
        }
    }

    /** NDJSON over one logged-in TCP connection. */
    static final class Tcp extends Stream {
        private final int port;
        private final String token;
        private RawClient client;

        Tcp(int port, String token) {
            super("tcp");
            this.port = port;
            this.token = token;
            reconnect();
        }

        @Override
        void reconnect() {
            if (client != null) {
                client.close();
            }
            client = RawClient.connect(port);
            client.auth(token);
        }

        @Override
        boolean send(byte[] text) {
            return sendPieces(text, null);
        }

        @Override
        Exchange exchangeSplit(byte[] text, Random random) {
            String id = nextProbe();
            if (!sendPieces(text, random) || !send(probe(id).getBytes(StandardCharsets.UTF_8))) {
                reconnect();
                return new Exchange(List.of(), 0, true);
            }
            return readUntil(id);
        }

        /** The text and a newline: whole, or (random not null) in pieces of 1 to 7 bytes with pauses. */
        private boolean sendPieces(byte[] text, Random random) {
            byte[] line = java.util.Arrays.copyOf(text, text.length + 1);
            line[text.length] = '\n';
            try {
                if (random == null) {
                    client.sendRaw(line);
                    return true;
                }
                for (int at = 0; at < line.length; ) {
                    int n = Math.min(line.length - at, 1 + random.nextInt(7));
                    client.sendRaw(java.util.Arrays.copyOfRange(line, at, at + n));
                    at += n;
                    // The pause is the point: the agent must join pieces that arrive apart.
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(2000)));
                }
                return true;
            } catch (UncheckedIOException e) {
                return false;
            }
        }

        @Override
        JsonNode next() {
            return client.read();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** One text message per hostile text over one logged-in WebSocket. */
    static final class WebSocket extends Stream {
        private final int port;
        private final String token;
        private RawWebSocket ws;

        WebSocket(int port, String token) {
            super("websocket");
            this.port = port;
            this.token = token;
            reconnect();
        }

        @Override
        void reconnect() {
            if (ws != null) {
                ws.close();
            }
            ws = RawWebSocket.open(port);
            send(RawClient.request("login", "auth", "{\"token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
            next();
        }

        @Override
        boolean send(byte[] text) {
            try {
                ws.send(0x1, text, true);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** The text as one message in fragments of 1 to 50 bytes (a first frame, then continuation frames). */
        @Override
        Exchange exchangeSplit(byte[] text, Random random) {
            String id = nextProbe();
            try {
                for (int at = 0; at < text.length || at == 0; ) {
                    int n = Math.min(text.length - at, 1 + random.nextInt(50));
                    ws.sendFrame(at == 0 ? 0x1 : 0x0, java.util.Arrays.copyOfRange(text, at, at + n), true, at + n >= text.length);
                    at += Math.max(n, 1);
                }
            } catch (IOException e) {
                reconnect();
                return new Exchange(List.of(), 0, true);
            }
            return send(probe(id).getBytes(StandardCharsets.UTF_8)) ? readUntil(id) : new Exchange(List.of(), 0, true);
        }

        @Override
        JsonNode next() {
            try {
                RawWebSocket.Frame f = ws.readFrame();
                return f.opcode() == 0x8 ? null : JSON.readTree(f.payload());
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    /** POST /rpc with the token, one hostile text per body. */
    static final class Http extends FuzzTransport {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final URI uri;
        private final String token;

        Http(int port, String token) {
            super("http");
            this.uri = URI.create("http://127.0.0.1:" + port + "/rpc");
            this.token = token;
        }

        @Override
        Exchange exchange(byte[] text) {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(text)).build();
            try {
                HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
                List<JsonNode> answers = new ArrayList<>();
                if (r.body().length > 0) {
                    answers.add(JSON.readTree(r.body()));
                }
                return new Exchange(answers, r.statusCode(), false);
            } catch (IOException e) {
                return new Exchange(List.of(), 0, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            // nothing held between requests
        }
    }
}
