package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.local.Agent;
import zpm.agent.logfiles.LogFixtures;
import zpm.agent.os.OutputLine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logs} reads the log files for what memory does not hold: the lines an earlier agent's
 * workers wrote ("history after restart"), and a worker's lines memory has let go of, each once.
 */
class LogsHistoryIT {

    @TempDir
    Path state;

    private static List<String> texts(JsonNode lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.path("text").asText()));
        return out;
    }

    private static List<String> names(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private Path logDir() throws IOException {
        Path dir = state.resolve("logs");
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    /** What an earlier agent left: web worker 3 (slot 1) wrote n0..n599 an hour ago; .1.gz holds n0..n299. */
    @Test
    void linesOfAnEarlierAgentAreReadFromTheFiles() throws IOException {
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Path dir = logDir();
        List<String> written = IntStream.range(0, 600).mapToObj(i -> LogFixtures.line(t0.plusMillis(i), 3, 1, "n" + i))
                .toList();
        LogFixtures.gzip(dir.resolve("web.out.log.1.gz"), written.subList(0, 300));
        LogFixtures.append(dir.resolve("web.out.log"), written.subList(300, 600));
        LogFixtures.append(dir.resolve("web.err.log"), List.of(LogFixtures.line(t0.plusMillis(450), 3, 1, "oops")));

        try (RpcFixture fx = RpcFixture.start(state); RawClient c = fx.authed()) {
            Agent.await(fx.agent.addApp(AppSpec.of("web", 1, List.of("sleep", "100000"))), 30);
            JsonNode lines = c.result("logs", "{\"target\":\"web\",\"lines\":500}").get("lines");
            List<String> expected = new ArrayList<>(names("n", 101, 600));
            expected.add(349, "oops");                                    // after n450, by time
            assertThat(texts(lines)).isEqualTo(expected);
            JsonNode first = lines.get(0);
            assertThat(first.path("workerId").asLong()).isEqualTo(3);
            assertThat(first.path("slot").asInt()).isEqualTo(1);
            assertThat(first.path("stream").asText()).isEqualTo("out");
            assertThat(Instant.parse(first.path("ts").asText())).isEqualTo(t0.plusMillis(101));
            assertThat(lines.get(349).path("stream").asText()).isEqualTo("err");

            String since = t0.plusMillis(590).toString();
            assertThat(texts(c.result("logs", "{\"target\":\"web\",\"lines\":500,\"since\":\"" + since + "\"}")
                    .get("lines"))).isEqualTo(names("n", 590, 600));
            assertThat(c.result("logs", "{\"target\":\"web\",\"since\":\"30m\"}").get("lines")).isEmpty();
            assertThat(texts(c.result("logs", "{\"target\":\"web\",\"since\":\"2h\",\"lines\":3}").get("lines")))
                    .isEqualTo(names("n", 597, 600));
            List<String> grep = new ArrayList<>(List.of("n42"));
            grep.addAll(names("n42", 0, 10));
            assertThat(texts(c.result("logs", "{\"target\":\"web\",\"lines\":500,\"grep\":\"n42\"}").get("lines")))
                    .isEqualTo(grep);
            assertThat(texts(c.result("logs", "{\"target\":\"web\",\"grep\":\"^n1\\\\d0$\",\"regex\":true}")
                    .get("lines"))).isEqualTo(List.of("n100", "n110", "n120", "n130", "n140", "n150", "n160", "n170",
                    "n180", "n190"));
            assertThat(texts(c.result("logs", "{\"lines\":2}").get("lines"))).as("every app's files")
                    .isEqualTo(names("n", 598, 600));
            // worker ids are this agent's: its worker 3 is not the earlier agent's worker 3
            assertThat(texts(c.result("logs", "{\"target\":3}").get("lines"))).doesNotContain("n599");
            assertThat(c.call("logs", "{\"since\":\"yesterday\"}").path("error").path("code").asInt()).isEqualTo(-32602);
        }
    }

    /**
     * A worker prints n0..n2999 (and e0, e500, ... on stderr) faster than a millisecond each;
     * memory keeps its last 1,000, the file (the agent's writer) all.
     */
    @Test
    void memoryAndFilesTogetherGiveEveryLineOnce() throws IOException {
        Path dir = logDir();
        try (RpcFixture fx = RpcFixture.start(state); RawClient c = fx.authed()) {
            try {
                Agent.await(fx.agent.addApp(AppSpec.of("count", 1, List.of("sh", "-c",
                        "i=0; while [ $i -lt 3000 ]; do echo n$i; [ $((i % 500)) = 0 ] && echo e$i >&2; i=$((i+1));"
                                + " done; echo done; exec sleep 100000"))), 30);
                // stdout and stderr are two pipes: their lines are read (and timed) in their own turns
                String last = "{\"target\":\"count\",\"grep\":\"^(done|e2500)$\",\"regex\":true}";
                Await.until("the worker's last lines", () -> c.result("logs", last).get("lines").size() == 2);
                long id = c.result("logs", last).get("lines").get(0).path("workerId").asLong();
                assertThat(fx.agent.logs().tail(id, 5000)).as("memory let the first lines go").hasSizeLessThan(3000);

                List<String> all = texts(c.result("logs", "{\"target\":\"count\",\"lines\":10000}").get("lines"));
                List<String> outs = all.stream().filter(t -> t.startsWith("n")).toList();
                assertThat(outs).isEqualTo(names("n", 0, 3000));
                assertThat(all.stream().filter(t -> t.startsWith("e")).toList())
                        .isEqualTo(List.of("e0", "e500", "e1000", "e1500", "e2000", "e2500"));
                assertThat(all).hasSize(3000 + 6 + 1).doesNotHaveDuplicates();

                List<String> ones = texts(c.result("logs", "{\"target\":" + id + ",\"lines\":10000,\"grep\":\"n1\"}")
                        .get("lines"));
                assertThat(ones).hasSize(1 + 10 + 100 + 1000).doesNotHaveDuplicates();
                assertThat(texts(c.result("logs", "{\"target\":\"count\",\"lines\":1200,\"grep\":\"^n\",\"regex\":true}").get("lines")))
                        .isEqualTo(names("n", 1800, 3000));
            } finally {
                Agent.await(fx.agent.deleteApp("count"), 30);
            }
        }
    }

    /** grep filters the followed lines too: a worker printing tick and tock, followed for tock. */
    @Test
    void grepFiltersFollowedLines() {
        try (RpcFixture fx = RpcFixture.start(state); RawClient c = fx.authed()) {
            Agent.await(fx.agent.addApp(AppSpec.of("clock", 1, List.of("sh", "-c",
                    "while true; do echo tick; echo tock; sleep 0.02; done"))), 30);
            try {
                JsonNode r = c.result("logs", "{\"target\":\"clock\",\"lines\":0,\"follow\":true,\"grep\":\"tock\"}");
                String sub = r.get("subscription").asText();
                for (int i = 0; i < 5; i++) {
                    JsonNode n = c.read();
                    assertThat(n.path("method").asText()).isEqualTo("log");
                    assertThat(n.path("params").path("subscription").asText()).isEqualTo(sub);
                    assertThat(n.path("params").path("line").path("text").asText()).isEqualTo("tock");
                }
            } finally {
                Agent.await(fx.agent.deleteApp("clock"), 30);
            }
        }
    }
}
