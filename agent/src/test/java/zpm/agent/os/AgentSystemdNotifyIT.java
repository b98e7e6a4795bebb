package zpm.agent.os;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent with NOTIFY_SOCKET in its environment (as systemd's Type=notify gives it) sends READY=1
 * with its MAINPID once it serves and STOPPING=1 when it quits; its workers do not inherit it.
 * The test plays systemd: a datagram socket bound to a path of its own.
 */
class AgentSystemdNotifyIT {

    @TempDir
    Path dir;

    @Test
    void readyWithMainPidOnceServingStoppingAtQuitAndWorkersNeverSeeTheAgentsSocket() throws Exception {
        Path sock = dir.resolve("notify.sock");
        int fd = NotifySocket.open(sock);
        Path seen = dir.resolve("worker-env.txt");
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: web
                    command: [sh, -c, 'echo "[${NOTIFY_SOCKET-unset}]" > %s; exec sleep 100000']
                    size: 1
                """.formatted(seen));
        try (AgentProcess agent = AgentProcess.startWrapped(dir, dir.resolve("state"), config, List.of(),
                List.of("env", "NOTIFY_SOCKET=" + sock))) {
            String ready = zpm.agent.app.Await.until("READY=1", () -> datagram(fd));
            assertThat(ready).contains("READY=1\n").contains("MAINPID=" + agent.pid() + "\n");
            zpm.agent.app.Await.until("the worker's environment", () -> Files.exists(seen) && size(seen) > 0 ? seen : null);
            assertThat(Files.readString(seen).trim()).isEqualTo("[unset]");

            agent.process.destroy(); // SIGTERM: graceful quit
            String stopping = zpm.agent.app.Await.until("STOPPING=1", () -> datagram(fd));
            assertThat(stopping).contains("STOPPING=1");
            assertThat(agent.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.process.exitValue()).isZero();
        } finally {
            NativeSpawn.closeAll(fd);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** One datagram, or null when none waits (the socket is non-blocking). */
    private static String datagram(int fd) {
        byte[] buf = new byte[4096];
        try {
            long n = LibC.recv(fd, buf, buf.length, 0);
            return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            return null;
        }
    }
}
