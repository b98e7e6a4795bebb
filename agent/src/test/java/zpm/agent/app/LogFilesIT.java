package zpm.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.Signal;
import zpm.agent.logfiles.RotatedFiles;
import zpm.agent.os.Kill;
import zpm.protocol.client.ZpmClient;

/**
 * Workers' output in files, with real agent JVMs and real workers: every numbered line once and in
 * order across rotation (plain and gzip), the files appended to by the next agent, and reopened
 * after an external move ({@code logs.reopen}, SIGUSR1) or a removed directory.
 */
class LogFilesIT {

    /** Lines the fast writers print; {@code -Dzpm.soak.logLines=1000000} for a soak run. */
    private static final int LINES = Integer.getInteger("zpm.soak.logLines", 60_000);
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    private AgentProcess agent(String yaml, String... flags) throws IOException {
        Path config = Files.writeString(dir.resolve("zpm.yaml"), yaml);
        return started.add(AgentProcess.start(dir, config, flags));
    }

    private Path logs() {
        return dir.resolve("state").resolve("logs");
    }

    @Test
    void rotationUnderAFastWriterKeepsEveryNumberedLineOnceAndInOrder() throws Exception {
        String writer = "[sh, -c, 'seq 1 " + LINES + "; exec sleep 100000']";
        AgentProcess a = agent("apps:\n"
                + "  - {name: plain, command: " + writer + ", logs: {maxBytes: 64KB, keep: 1000}}\n"
                + "  - {name: zipped, command: " + writer + ", logs: {maxBytes: 64KB, keep: 1000, compress: true}}\n");
        a.awaitWorkers("plain", 1);
        for (String app : List.of("plain", "zipped")) {
            Path live = logs().resolve(app + ".out.log");
            Await.until(app + "'s last line written", LONG, () -> lastLine(live).endsWith(" " + LINES));
        }
        Await.until("every rotated file compressed", LONG, () -> plainRotated("zipped.out.log").isEmpty());
        for (String app : List.of("plain", "zipped")) {
            List<String> texts = RotatedFiles.texts(logs().resolve(app + ".out.log"), 1000);
            assertThat(texts).as(app).hasSize(LINES);
            for (int i = 0; i < LINES; i++) {
                if (!texts.get(i).equals(Integer.toString(i + 1))) {
                    throw new AssertionError(app + ": line " + i + " is " + texts.get(i) + ", not " + (i + 1));
                }
            }
        }
        long rotated = countFiles("plain.out.log.");
        assertThat(rotated).as("rotated files").isGreaterThan(LINES / 3000);
        assertThat(countFiles("zipped.out.log.")).isEqualTo(rotated);
        assertThat(Files.size(logs().resolve("plain.out.log.1"))).isLessThanOrEqualTo(64 * 1024);
        try (ZpmClient c = a.client()) {
            JsonNode info = c.call("agent.info").get("logs");
            assertThat(info.get("dir").asText()).isEqualTo(logs().toString());
            assertThat(info.get("unwritten").asLong()).isZero();
            assertThat(info.get("error").isNull()).isTrue();
            assertThat(info.get("bytes").asLong()).isGreaterThan(0);
        }
    }

    @Test
    void theNextAgentAppendsToTheSameFiles() throws Exception {
        String yaml = "apps:\n  - {name: hello, command: [sh, -c, 'echo hello from $ZPM_WORKER_ID; exec sleep 100000']}\n";
        AgentProcess first = agent(yaml);
        Path live = logs().resolve("hello.out.log");
        Await.until("the first agent's line", () -> linesOf(live).size() == 1);
        try (ZpmClient c = first.client()) {
            c.call("agent.quit");
        }
        assertThat(first.awaitExit(60)).isZero();
        List<String> before = RotatedFiles.read(live, false);

        AgentProcess second = agent(yaml);
        Await.until("the second agent's line", () -> linesOf(live).size() == 2);
        assertThat(RotatedFiles.read(live, false).get(0)).isEqualTo(before.get(0));
        assertThat(RotatedFiles.texts(live, 0)).containsExactly("hello from 1", "hello from 1");
        // history after a restart: the first agent's line comes from the file, the second's from memory
        try (ZpmClient c = second.client()) {
            JsonNode lines = c.call("logs", Map.of("target", "hello", "lines", 500)).get("lines");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).get("ts").asText()).isEqualTo(before.get(0).substring(0, 24));
            assertThat(lines.get(1).get("text").asText()).isEqualTo("hello from 1");
        }
        // the agent's own line may come a moment after its worker's
        List<String> agentLog = Await.until("both agents' own logs in agent.log", () -> {
            List<String> lines = linesOf(logs().resolve("agent.log"));
            return lines.stream().filter(l -> l.contains("app=hello worker=1") && l.contains("STARTING->ONLINE"))
                    .count() == 2 ? lines : null;
        });
        assertThat(agentLog.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z .*");
        second.close();
    }

    @Test
    void reopenAfterAMoveAndSigusr1WriteNewFilesAndARemovedDirectoryIsMadeAgain() throws Exception {
        AgentProcess a = agent("apps:\n  - {name: ticker, command: [sh, -c, "
                + "'i=0; while :; do i=$((i+1)); echo $i; sleep 0.02; done']}\n");
        Path live = logs().resolve("ticker.out.log");
        Await.until("lines", () -> linesOf(live).size() >= 5);
        Path moved1 = logs().resolve("moved-1");
        Files.move(live, moved1);
        try (ZpmClient c = a.client()) {
            assertThat(c.call("logs.reopen").get("reopened").asInt()).isGreaterThanOrEqualTo(1);
        }
        Await.until("a new file at the old path", () -> linesOf(live).size() >= 3);

        Path moved2 = logs().resolve("moved-2");
        Files.move(live, moved2);
        Kill.kill(a.pid(), Signal.USR1.number);
        Await.until("SIGUSR1 reopened the files", () -> a.stderrText().contains("log files reopened"));
        Await.until("a new file again", () -> linesOf(live).size() >= 3);

        List<String> numbers = new ArrayList<>(RotatedFiles.texts(moved1, 0));
        numbers.addAll(RotatedFiles.texts(moved2, 0));
        numbers.addAll(RotatedFiles.texts(live, 0).subList(0, 3));
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("line %d, none lost or twice across the moves", i).isEqualTo(Integer.toString(i + 1));
        }

        Await.until("agent.log has the agent's own lines", () -> linesOf(logs().resolve("agent.log")).stream()
                .anyMatch(l -> l.contains("SIGUSR1: reopening the log files")));

        deleteTree(logs());
        Await.until("the directory made again", () -> linesOf(live).size() >= 3);
        Await.until("agent.log made again", () -> Files.exists(logs().resolve("agent.log")));
    }

    private static String lastLine(Path file) {
        List<String> lines = linesOf(file);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The file's lines; none while it is missing (not made yet, or rotated away between a look and the read). */
    private static List<String> linesOf(Path file) {
        try {
            return RotatedFiles.read(file, false);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private List<Path> plainRotated(String base) {
        try (Stream<Path> files = Files.list(logs())) {
            return files.filter(p -> p.getFileName().toString().matches(base.replace(".", "\\.") + "\\.\\d+")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long countFiles(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(logs())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
