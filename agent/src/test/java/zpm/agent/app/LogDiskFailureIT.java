package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.Signal;
import zpm.agent.os.Kill;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;

/**
 * Never a hostage: a log directory that turns read-only, and a full file system, are survived and
 * reported ({@code logs-unwritable}, {@code agent.info.logs}), supervision goes on, and writing
 * resumes ({@code logs-resumed}) once the disk allows it. The log directory is a small tmpfs that
 * exists only in the agent's own mount namespace ({@code unshare -m}, made by the test); the test
 * changes it from outside with {@code nsenter} into that namespace, never touching the machine's
 * mounts. Skipped, with the reason, where the test may not make a mount namespace.
 */
class LogDiskFailureIT {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final String TALKER = "[python3, -c, \"import time\\nwhile True:\\n print('x' * 1000, flush=True)"
            + "\\n time.sleep(0.002)\"]";

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private Path logDir;
    private final List<LifecycleEvent> events = new ArrayList<>();

    @BeforeEach
    void mountNamespacesAllowed() throws Exception {
        logDir = Files.createDirectory(dir.resolve("logs"));
        Path probe = Files.createDirectory(dir.resolve("probe"));
        int code = run(List.of("unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs '" + probe + "'"));
        Assumptions.assumeTrue(code == 0, "this machine lets the test make no mount namespace with a tmpfs "
                + "(unshare -m and mount need CAP_SYS_ADMIN): a full or read-only log directory is not tested here");
    }

    /** An agent whose log directory is a tmpfs of {@code size} in a mount namespace of its own. */
    private AgentProcess agent(String size) throws IOException {
        Path config = Files.writeString(dir.resolve("zpm.yaml"), "apps:\n"
                + "  - {name: talker, size: 0, command: " + TALKER + ", logs: {maxBytes: 64KB, keep: 10}}\n");
        List<String> wrapper = List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=" + size + ",mode=0700 tmpfs '" + logDir + "' && exec \"$@\"", "sh");
        return started.add(AgentProcess.startWrapped(dir, dir.resolve("state"), config, List.of(), wrapper,
                "--log-dir", logDir.toString()));
    }

    /** A command in the agent's mount namespace (it sees the agent's tmpfs). */
    private static void inAgentsNamespace(AgentProcess a, String script) throws Exception {
        assertThat(run(List.of("nsenter", "-t", Long.toString(a.pid()), "-m", "sh", "-c", script)))
                .as("nsenter: %s", script).isZero();
    }

    /** Whether {@code script} exits 0 in the agent's mount namespace. */
    private static boolean seen(AgentProcess a, String script) {
        try {
            return run(List.of("nsenter", "-t", Long.toString(a.pid()), "-m", "sh", "-c", script)) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private ZpmClient subscribed(AgentProcess a) throws IOException {
        ZpmClient c = a.client();
        c.subscribe(List.of("logs-unwritable", "logs-resumed"), null, e -> {
            synchronized (events) {
                events.add(e);
            }
        });
        return c;
    }

    private List<String> eventTypes() {
        synchronized (events) {
            return events.stream().map(e -> e.type().wireName()).toList();
        }
    }

    @Test
    void aFullFileSystemIsSurvivedReportedAndWritingResumes() throws Exception {
        AgentProcess a = agent("256k");
        try (ZpmClient c = subscribed(a)) {
            c.call("resize", Map.of("app", "talker", "size", 1));
            LifecycleEvent.LogsUnwritable full = Await.until("logs-unwritable", LONG, () -> first(LifecycleEvent.LogsUnwritable.class));
            assertThat(full.error()).startsWith("No space left on device (" + logDir);
            assertThat(full.app()).isNull();
            JsonNode info = Await.until("unwritten lines counted", LONG, () -> {
                JsonNode l = c.call("agent.info").get("logs");
                return l.get("unwritten").asLong() > 0 ? l : null;
            });
            assertThat(info.get("error").asText()).contains("No space left on device");

            long pid = a.awaitWorkers("talker", 1).get(0);
            Kill.kill(pid, Signal.KILL.number);
            long next = Await.until("a replacement for the killed worker", LONG, () ->
                    a.workerPids("talker").stream().filter(p -> p != pid && !Await.gone(p)).findFirst().orElse(null));
            assertThat(c.call("status").get("workers").get(0).get("pid").asLong()).isEqualTo(next);

            inAgentsNamespace(a, "rm -f '" + logDir + "'/talker.out.log.*");
            Await.until("logs-resumed", LONG, () -> eventTypes().contains("logs-resumed"));
            assertThat(eventTypes().get(0)).isEqualTo("logs-unwritable");
            assertThat(eventTypes().indexOf("logs-resumed")).isEqualTo(1);
            c.call("resize", Map.of("app", "talker", "size", 0));
        }
    }

    @Test
    void aReadOnlyDirectoryIsSurvivedReportedAndWritingResumes() throws Exception {
        AgentProcess a = agent("4m");
        try (ZpmClient c = subscribed(a)) {
            c.call("resize", Map.of("app", "talker", "size", 1));
            Await.until("lines in the file", LONG, () -> seen(a, "test -s '" + logDir + "/talker.out.log'"));
            // a read-only file system over the directory: the agent sees its files gone and cannot make them
            inAgentsNamespace(a, "mount -t tmpfs -o ro,size=16k tmpfs '" + logDir + "'");
            LifecycleEvent.LogsUnwritable ro = Await.until("logs-unwritable", LONG, () -> first(LifecycleEvent.LogsUnwritable.class));
            assertThat(ro.error()).startsWith("Read-only file system (" + logDir);
            assertThat(c.call("status").get("workers")).hasSize(1);

            inAgentsNamespace(a, "umount '" + logDir + "'");
            Await.until("logs-resumed", LONG, () -> eventTypes().contains("logs-resumed"));
            assertThat(c.call("agent.info").get("logs").get("error").isNull()).isTrue();
            assertThat(seen(a, "test -s '" + logDir + "/talker.out.log'")).as("lines written again").isTrue();
            c.call("resize", Map.of("app", "talker", "size", 0));
        }
    }

    private <T> T first(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
        }
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
