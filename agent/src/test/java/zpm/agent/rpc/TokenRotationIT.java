package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.rpc.HttpClients.WsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * agent.rotateTokens against a real agent over real sockets: the old tokens are refused to new
 * logins at once, the new ones in the files work, sessions already authenticated go on, and the
 * read-only token may not rotate.
 */
class TokenRotationIT {

    @TempDir
    Path state;

    private static int code(JsonNode response) {
        return response.path("error").path("code").asInt();
    }

    @Test
    void rotationRefusesTheOldTokensToNewLoginsAndKeepsAuthenticatedSessions() throws IOException {
        try (RpcFixture fx = RpcFixture.start(state, RpcFixture.TEST_LIMITS.withAuthTimeout(Duration.ofSeconds(30)));
             RawClient admin = fx.authed();
             RawClient reader = fx.client();
             WsClient ws = new WsClient("ws://127.0.0.1:" + fx.servers.httpPort() + "/rpc")) {
            assertThat(reader.auth(fx.readOnlyToken).path("result").path("readOnly").asBoolean()).isTrue();
            ws.call(RawClient.request(1, "auth", "{\"token\":\"" + fx.token + "\"}"));

            JsonNode refused = reader.call("agent.rotateTokens", null);
            assertThat(code(refused)).isEqualTo(-32003);
            assertThat(read(fx.servers.tokenFile())).isEqualTo(fx.token);

            JsonNode r = admin.result("agent.rotateTokens", null);
            assertThat(r.path("rotated").asBoolean()).isTrue();
            assertThat(r.path("tokenFile").asText()).isEqualTo(fx.servers.tokenFile().toString());
            assertThat(r.path("readOnlyTokenFile").asText()).isEqualTo(fx.servers.readOnlyTokenFile().toString());
            String newToken = read(fx.servers.tokenFile());
            String newReadOnly = read(fx.servers.readOnlyTokenFile());
            assertThat(newToken).matches("[0-9a-f]{64}").isNotEqualTo(fx.token).isNotEqualTo(newReadOnly);
            assertThat(newReadOnly).matches("[0-9a-f]{64}").isNotEqualTo(fx.readOnlyToken);
            assertThat(r.toString()).doesNotContain(newToken).doesNotContain(newReadOnly);
            assertOwnerOnlyAndNoTempFilesLeft(fx);

            try (RawClient old = fx.client(); RawClient oldReadOnly = fx.client();
                 RawClient fresh = fx.client(); RawClient freshReadOnly = fx.client()) {
                assertThat(code(old.auth(fx.token))).isEqualTo(-32001);
                assertThat(code(oldReadOnly.auth(fx.readOnlyToken))).isEqualTo(-32001);
                assertThat(fresh.auth(newToken).path("result").path("ok").asBoolean()).isTrue();
                assertThat(fresh.result("status", null).path("workers")).hasSize(2);
                assertThat(freshReadOnly.auth(newReadOnly).path("result").path("readOnly").asBoolean()).isTrue();
            }
            String status = RawClient.request(7, "status", null);
            assertThat(HttpClients.post(fx.httpBase() + "/rpc", fx.token, status).statusCode()).isEqualTo(401);
            assertThat(HttpClients.post(fx.httpBase() + "/rpc", newToken, status).statusCode()).isEqualTo(200);

            // Sessions authenticated before the rotation go on, the rotating one included.
            assertThat(admin.result("status", null).path("workers")).hasSize(2);
            assertThat(reader.result("status", null).path("workers")).hasSize(2);
            assertThat(ws.call(RawClient.request(2, "status", null)).path("result").path("workers")).hasSize(2);
        }
    }

    private static void assertOwnerOnlyAndNoTempFilesLeft(RpcFixture fx) throws IOException {
        for (Path f : List.of(fx.servers.tokenFile(), fx.servers.readOnlyTokenFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                    .isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(fx.servers.tokenFile().getParent())) {
            // Only the tokens' own temp files: pids.json may be being written beside them just now.
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".token") && n.endsWith(".tmp"));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
