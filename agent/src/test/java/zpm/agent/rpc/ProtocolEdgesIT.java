package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small protocol points with real sockets: a text that is not UTF-8 is answered -32700 and does
 * not run (TCP line, HTTP body, WebSocket text, which then closes with 1007); an id like 1e400
 * comes back as the same number; a WebSocket protocol error closes with 1002, not 1000.
 */
class ProtocolEdgesIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        fx = RpcFixture.start(state, RpcFixture.TEST_LIMITS.withAuthTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** A status request whose string id holds a byte that is not UTF-8 (0xFF). */
    private static byte[] statusWithBadId() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"jsonrpc\":\"2.0\",\"id\":\"a".getBytes(StandardCharsets.US_ASCII));
        b.write(0xFF);
        b.writeBytes("\",\"method\":\"resize\",\"params\":{\"app\":\"sleepy\",\"size\":3}}".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    @Test
    void aTcpLineThatIsNotUtf8IsAParseErrorAndDoesNotRun() {
        int before = fx.methods.calls.get();
        try (RawClient c = fx.authed()) {
            byte[] line = statusWithBadId();
            byte[] withNewline = java.util.Arrays.copyOf(line, line.length + 1);
            withNewline[line.length] = '\n';
            c.sendRaw(withNewline);
            JsonNode r = c.read();
            assertThat(r.path("error").path("code").asInt()).isEqualTo(-32700);
            assertThat(r.path("error").path("message").asText()).contains("not UTF-8");
            assertThat(r.path("id").isNull()).isTrue();
            assertThat(c.result("status", null).path("workers")).hasSize(2); // the connection stays usable
        }
        assertThat(fx.methods.calls.get() - before).as("only the status ran").isEqualTo(1);
    }

    @Test
    void anHttpBodyThatIsNotUtf8IsAParseError() {
        int before = fx.methods.calls.get();
        HttpRequest req = HttpRequest.newBuilder(URI.create(fx.httpBase() + "/rpc")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + fx.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(statusWithBadId())).build();
        HttpResponse<String> r = HttpClients.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(HttpClients.json(r.body()).path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(fx.methods.calls.get()).isEqualTo(before);
    }

    @Test
    void anIdOfAHugeNumberComesBackAsThatNumber() throws IOException {
        try (RawClient c = fx.authed(); Socket raw = rawTcp()) {
            raw.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"auth\",\"params\":{\"token\":\""
                    + fx.token + "\"}}\n").getBytes(StandardCharsets.UTF_8));
            String line = readLine(raw.getInputStream());
            assertThat(line).contains("\"id\":1E+400").doesNotContain("Infinity").contains("\"ok\":true");
            raw.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1e-400,\"method\":\"status\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readLine(raw.getInputStream())).contains("\"id\":1E-400");
        }
    }

    @Test
    void aWebSocketTextThatIsNotUtf8IsAParseErrorThenCloses1007() throws IOException {
        try (RawWebSocket s = RawWebSocket.open(fx.servers.httpPort())) {
            s.send(0x1, statusWithBadId(), true);
            RawWebSocket.Frame answer = s.readFrame();
            assertThat(answer.opcode()).isEqualTo(0x1);
            assertThat(new String(answer.payload(), StandardCharsets.UTF_8)).contains("-32700");
            RawWebSocket.Frame close = s.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void aWebSocketProtocolErrorClosesWith1002() throws IOException {
        try (RawWebSocket s = RawWebSocket.open(fx.servers.httpPort())) {
            // Client frames must be masked (RFC 6455 5.1): an unmasked one is a protocol error.
            s.send(0x1, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}".getBytes(StandardCharsets.UTF_8), false);
            RawWebSocket.Frame close = s.readFrame();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(1002);
        }
    }

    // ------------------------------------------------------------------ raw sockets

    private static Socket rawTcp() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", fx.servers.tcpPort()), 10_000);
        s.setSoTimeout(RawClient.READ_TIMEOUT_MS);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new AssertionError("closed before a line: " + b);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
