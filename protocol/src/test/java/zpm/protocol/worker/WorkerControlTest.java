package zpm.protocol.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's end of ZPM_CONTROL against a plain unix socket standing in for the agent. */
class WorkerControlTest {

    @TempDir
    Path dir;

    @Test
    void helloFirstThenReadyAndMessagesOutAndDisconnectAndMessagesIn() throws Exception {
        Path sock = dir.resolve("control.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            ZpmWorker worker = ZpmWorker.of(Map.of("ZPM_WORKER", "1", "ZPM_WORKER_ID", "7", "ZPM_CONTROL", sock.toString()));
            CompletableFuture<JsonNode> got = new CompletableFuture<>();
            CompletableFuture<String> leave = new CompletableFuture<>();

            worker.onMessage(got::complete); // connects
            worker.onDisconnect(leave::complete);
            worker.ready();
            worker.send(JsonNodeFactory.instance.objectNode().put("load", 0.5));

            try (SocketChannel agent = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(agent),
                        StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("{\"hello\":{\"id\":7}}");
                assertThat(in.readLine()).isEqualTo("{\"ready\":true}");
                assertThat(in.readLine()).isEqualTo("{\"message\":{\"load\":0.5}}");
                agent.write(ByteBuffer.wrap("{\"message\":[1,2]}\n{\"disconnect\":\"shutdown\"}\n"
                        .getBytes(StandardCharsets.UTF_8)));

                assertThat(got.get(10, TimeUnit.SECONDS).toString()).isEqualTo("[1,2]");
                assertThat(leave.get(10, TimeUnit.SECONDS)).isEqualTo("shutdown");
                CompletableFuture<String> late = new CompletableFuture<>();
                worker.onDisconnect(late::complete);
                assertThat(late.getNow(null)).as("a handler added after the fact hears it too").isEqualTo("shutdown");
            }
        }
    }

    @Test
    void withoutZpmControlTheHelperSaysWhy() {
        ZpmWorker alone = ZpmWorker.of(Map.of());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(alone::ready))
                .hasMessageContaining("no ZPM_CONTROL in the environment");
    }
}
