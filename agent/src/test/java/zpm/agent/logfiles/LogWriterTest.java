package zpm.agent.logfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.os.LineBatch;
import zpm.agent.os.LineSplitter;
import zpm.agent.os.OutputLine;

class LogWriterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<String> events = new ArrayList<>();
    private final LogWriter.Listener listener = new LogWriter.Listener() {
        @Override
        public synchronized void unwritable(String path, String error, long unwritten) {
            events.add("unwritable " + error);
        }

        @Override
        public synchronized void resumed(String path, long unwritten) {
            events.add("resumed");
        }
    };

    private static LineBatch line(String app, String stream, Instant ts, String text) {
        return LineBatch.of(new OutputLine(7, 2, app, stream, ts, text), 0);
    }

    /** Lines as one read of a pipe gives them: one batch, cut by the agent's own splitter. */
    private static LineBatch read(String app, Instant ts, List<String> texts) {
        List<LineBatch> out = new ArrayList<>();
        LineSplitter s = new LineSplitter(LineSplitter.DEFAULT_MAX_LINE_BYTES,
                (bytes, starts, ends) -> out.add(new LineBatch(7, 2, app, "out", ts.toEpochMilli(), 0, bytes, starts, ends)));
        byte[] b = (String.join("\n", texts) + "\n").getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void formatsTheContractsLine() {
        OutputLine l = new OutputLine(7, 2, "web", "out", Instant.parse("2026-12-06T07:30:00.120456Z"), "GET /health 200");
        assertThat(LogLineFormat.line(l)).isEqualTo("2026-12-06T07:30:00.120Z 7/2 GET /health 200\n");
        assertThat(LogLineFormat.timestamp(Instant.parse("2026-12-06T07:30:00Z"))).hasSize(24);
        assertThat(LogLineParser.parse("web", "out", "2026-12-06T07:30:00.120Z 7/2 GET /health 200"))
                .isEqualTo(new OutputLine(7, 2, "web", "out", Instant.parse("2026-12-06T07:30:00.120Z"), "GET /health 200"));
        assertThat(LogLineParser.parse("web", "out", "not a line")).isNull();
    }

    @Test
    void rotationKeepsEveryLineOnceAndInOrder() throws Exception {
        everyLineOnce(false);
    }

    @Test
    void rotationWithGzipKeepsEveryLineOnceAndInOrder() throws Exception {
        everyLineOnce(true);
    }

    private void everyLineOnce(boolean compress) throws IOException {
        int n = Integer.getInteger("zpm.soak.logLines", 20_000);
        Rotation r = new Rotation(16 * 1024, 100, compress, false);
        try (LogWriter w = new LogWriter(dir, r, listener, Clock.systemUTC(), LogWriter.DEFAULT_MAX_BACKLOG_BYTES)) {
            for (int i = 0; i < n; ) { // reads of 1 to 40 lines: rotations fall inside them too
                List<String> texts = new ArrayList<>();
                for (int k = 0; k < 1 + i % 40 && i < n; k++, i++) {
                    texts.add("line " + i + " " + "x".repeat(i % 50));
                }
                w.write(read("web", Instant.now(), texts));
                if (w.backlogBytes() > 1024 * 1024) {
                    RotatedFiles.await("the writer catches up", WAIT, () -> w.backlogBytes() < 512 * 1024);
                }
            }
            RotatedFiles.await("written and compressed", WAIT, w::idle);
            assertThat(w.unwritten()).isZero();
        }
        List<String> texts = RotatedFiles.texts(dir.resolve("web.out.log"), 100);
        assertThat(texts).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(texts.get(i)).startsWith("line " + i + " ");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).allMatch(f -> f.matches("web\\.out\\.log(\\.\\d+" + (compress ? "\\.gz" : "") + ")?"));
            assertThat(names.size()).isGreaterThan(10);
        }
        for (int i = 1; Files.exists(dir.resolve("web.out.log." + i + (compress ? ".gz" : ""))); i++) {
            assertThat(RotatedFiles.read(dir.resolve("web.out.log." + i + (compress ? ".gz" : "")), compress)
                    .stream().mapToInt(l -> l.length() + 1).sum()).isLessThanOrEqualTo(16 * 1024);
        }
    }

    @Test
    void keepBoundsTheRotatedFiles() {
        Rotation r = new Rotation(1024, 2, false, false);
        try (LogWriter w = new LogWriter(dir, r, listener, Clock.systemUTC(), LogWriter.DEFAULT_MAX_BACKLOG_BYTES)) {
            IntStream.range(0, 500).forEach(i -> w.write(line("web", "err", Instant.now(), "e" + i)));
            RotatedFiles.await("written", WAIT, w::idle);
        }
        assertThat(dir.resolve("web.err.log.2")).exists();
        assertThat(dir.resolve("web.err.log.3")).doesNotExist();
        List<String> texts = RotatedFiles.texts(dir.resolve("web.err.log"), 2);
        assertThat(texts.get(texts.size() - 1)).isEqualTo("e499");
        long total = Stream.of("web.err.log", "web.err.log.1", "web.err.log.2")
                .mapToLong(f -> dir.resolve(f).toFile().length()).sum();
        assertThat(total).isLessThanOrEqualTo(r.boundBytes());
    }

    @Test
    void aLoweredKeepRemovesTheOlderRotatedFilesAtTheNextRotation() throws IOException {
        for (int i = 1; i <= 6; i++) { // what an agent with keep 6 left
            Files.writeString(dir.resolve("web.err.log." + i + (i % 2 == 0 ? ".gz" : "")), "old " + i + "\n");
        }
        Rotation r = new Rotation(1024, 2, false, false);
        try (LogWriter w = new LogWriter(dir, r, listener, Clock.systemUTC(), LogWriter.DEFAULT_MAX_BACKLOG_BYTES)) {
            IntStream.range(0, 40).forEach(i -> w.write(line("web", "err", Instant.now(), "e" + i + " " + "y".repeat(40))));
            RotatedFiles.await("written", WAIT, w::idle);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("web.err.log", "web.err.log.1", "web.err.log.2");
        }
    }

    @Test
    void dailyRotatesAtTheFirstLineAfterUtcMidnight() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:59Z"));
        Rotation r = new Rotation(1024 * 1024, 5, false, true);
        try (LogWriter w = new LogWriter(dir, r, listener, clock, LogWriter.DEFAULT_MAX_BACKLOG_BYTES)) {
            w.write(line("web", "out", clock.instant(), "before midnight"));
            RotatedFiles.await("written", WAIT, w::idle);
            clock.now = Instant.parse("2026-12-07T00:00:01Z");
            w.write(line("web", "out", clock.instant(), "after midnight"));
            w.write(line("web", "out", clock.instant(), "same day"));
            RotatedFiles.await("written", WAIT, w::idle);
        }
        assertThat(RotatedFiles.texts(dir.resolve("web.out.log.1"), 0)).containsExactly("before midnight");
        assertThat(RotatedFiles.texts(dir.resolve("web.out.log"), 0)).containsExactly("after midnight", "same day");
    }

    @Test
    void reopenAfterMvWritesANewFileAtTheOldPath() throws Exception {
        try (LogWriter w = new LogWriter(dir, Rotation.DEFAULT, listener)) {
            w.write(line("web", "out", Instant.now(), "old"));
            RotatedFiles.await("written", WAIT, w::idle);
            Files.move(dir.resolve("web.out.log"), dir.resolve("moved.log"));
            assertThat(w.reopen().get()).isEqualTo(1);
            w.write(line("web", "out", Instant.now(), "new"));
            RotatedFiles.await("written", WAIT, w::idle);
        }
        assertThat(RotatedFiles.texts(dir.resolve("moved.log"), 0)).containsExactly("old");
        assertThat(RotatedFiles.texts(dir.resolve("web.out.log"), 0)).containsExactly("new");
    }

    @Test
    void aNewWriterAppendsAndEndsAHalfLineLeftBehind() throws Exception {
        Files.writeString(dir.resolve("web.out.log"), "2026-12-06T07:30:00.120Z 1/0 whole\n2026-12-06T07:30:00.121Z 1/0 hal");
        try (LogWriter w = new LogWriter(dir, Rotation.DEFAULT, listener)) {
            w.write(line("web", "out", Instant.parse("2026-12-06T07:31:00Z"), "next"));
            RotatedFiles.await("written", WAIT, w::idle);
            assertThat(w.error()).isNull();
        }
        assertThat(RotatedFiles.read(dir.resolve("web.out.log"), false)).containsExactly(
                "2026-12-06T07:30:00.120Z 1/0 whole", "2026-12-06T07:30:00.121Z 1/0 hal",
                "2026-12-06T07:31:00.000Z 7/2 next");
    }

    @Test
    void anAppsOwnSettingsOverrideTheAgents() {
        try (LogWriter w = new LogWriter(dir, new Rotation(1024 * 1024, 5, false, false), listener)) {
            w.configureApp("small", new AppSpec.LogRotation(1024L, 1, null, null));
            assertThat(w.rotationOf("small")).isEqualTo(new Rotation(1024, 1, false, false));
            assertThat(w.rotationOf("other")).isEqualTo(new Rotation(1024 * 1024, 5, false, false));
            IntStream.range(0, 200).forEach(i -> w.write(line("small", "out", Instant.now(), "s" + i)));
            RotatedFiles.await("written", WAIT, w::idle);
        }
        assertThat(dir.resolve("small.out.log.1")).exists();
        assertThat(dir.resolve("small.out.log.2")).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeMadeIsReportedOnceAndWritingResumes() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the log directory should be");
        Path logs = blocker.resolve("logs");
        try (LogWriter w = new LogWriter(logs, Rotation.DEFAULT, listener)) {
            for (int i = 0; i < 5; i++) {
                w.write(line("web", "out", Instant.now(), "lost " + i));
            }
            RotatedFiles.await("reported", WAIT, () -> w.unwritten() == 5 && w.error() != null);
            assertThat(w.error()).contains(logs.toString());
            Files.delete(blocker);
            // lines keep coming: the first after the 1 s pause is written
            RotatedFiles.await("resumed", WAIT, () -> {
                w.write(line("web", "out", Instant.now(), "kept"));
                return w.error() == null && Files.exists(logs.resolve("web.out.log"));
            });
            RotatedFiles.await("written", WAIT, w::idle);
        }
        synchronized (listener) {
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).startsWith("unwritable ");
            assertThat(events.get(1)).isEqualTo("resumed");
        }
        assertThat(RotatedFiles.texts(logs.resolve("web.out.log"), 0)).allMatch(t -> t.equals("kept"));
    }

    @Test
    void theQueueIsBoundedInBytes() {
        Path blocker = dir.resolve("blocker");
        try (LogWriter w = new LogWriter(dir, Rotation.DEFAULT, listener, Clock.systemUTC(), 10_000)) {
            // many lines at once: whatever finds the queue full is counted, never held
            for (int i = 0; i < 10_000; i++) {
                w.write(line("web", "out", Instant.now(), "y".repeat(100)));
                assertThat(w.backlogBytes()).isLessThanOrEqualTo(10_000);
            }
            RotatedFiles.await("written", WAIT, w::idle);
            long written = RotatedFiles.texts(dir.resolve("web.out.log"), 5).size();
            assertThat(written + w.unwritten()).isEqualTo(10_000);
        }
        assertThat(blocker).doesNotExist();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
