package zpm.agent.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed chunked body to POST /rpc, without a token, from a raw socket: the agent answers
 * 400 (it used to answer 200 OK) and logs at most one line per request (it used to log a 28-line
 * stack trace each time). {@code -Dzpm.soak.malformedHttp=N} sends N of them (default 20).
 */
class MalformedHttpIT {

    private static final int REQUESTS = Integer.getInteger("zpm.soak.malformedHttp", 20);

    @TempDir
    Path dir;

    private AgentProcess agent;

    @AfterEach
    void cleanUp() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aBrokenChunkedBodyIs400AndOneLogLineAtMost() throws Exception {
        agent = AgentProcess.start(dir, null);
        int port = agent.httpPort();
        long linesBefore = agent.stderrText().lines().count();
        for (int i = 0; i < REQUESTS; i++) {
            String answer = send(port, "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz-not-a-chunk-size\r\n{\"jsonrpc\":\"2.0\"}\r\n0\r\n\r\n");
            assertThat(answer).as("request %d; the agent's log:\n%s", i, agent.stderrText()).startsWith("HTTP/1.1 400 ");
        }
        String log = agent.stderrText();
        assertThat(log).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(log.lines().count() - linesBefore).as("log lines for %d bad requests:\n%s", REQUESTS, log)
                .isLessThanOrEqualTo(REQUESTS);
        assertThat(agent.process.isAlive()).isTrue();
    }

    /** Sends raw bytes and reads what comes back until the agent closes or is quiet for 5 s. */
    private static String send(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the agent kept the connection open: what it sent is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
