package zpm.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTallyTest {

    private static final int BYTES = 100;

    @TempDir
    Path dir;

    /** Writer {@code pid}'s line {@code seq} without its newline. */
    private static String line(long pid, long seq) {
        byte[] b = new NumberedLine(pid, BYTES).bytes(seq);
        return new String(b, 0, b.length - 1, StandardCharsets.US_ASCII);
    }

    private static LogTally raw(long pid, long... seqs) {
        LogTally t = new LogTally(LogTally.Format.RAW, BYTES);
        for (long s : seqs) {
            t.line(line(pid, s));
        }
        return t;
    }

    @Test
    void aWriterLineIsItsLengthAndReadsBack() {
        byte[] b = new NumberedLine(4242, BYTES).bytes(17);
        assertThat(b).hasSize(BYTES);
        assertThat(new String(b, StandardCharsets.US_ASCII)).startsWith("@4242:0000000017 ").endsWith("\n");
        NumberedLine.Parsed p = new NumberedLine.Parsed();
        assertThat(NumberedLine.parse(line(4242, 17), 0, BYTES, p)).isTrue();
        assertThat(p.pid).isEqualTo(4242);
        assertThat(p.seq).isEqualTo(17);
    }

    @Test
    void everyLineOnceInOrderIsExact() {
        assertThat(raw(7, 0, 1, 2, 3).rows(Map.of(7L, 4L)))
                .containsExactly(new LogTally.Row(7, 4, 4, 0, 0, 0, 0));
    }

    @Test
    void linesMissingInsideOrAtTheEndAreLost() {
        // 2 never came, and the writer wrote 6: 4 and 5 are missing at the end
        assertThat(raw(7, 0, 1, 3).rows(Map.of(7L, 6L)))
                .containsExactly(new LogTally.Row(7, 6, 3, 3, 0, 0, 0));
    }

    @Test
    void aLineFoundTwiceIsDuplicatedNotReordered() {
        assertThat(raw(7, 0, 1, 2, 1, 3).rows(Map.of(7L, 4L)))
                .containsExactly(new LogTally.Row(7, 4, 5, 0, 1, 0, 0));
    }

    @Test
    void aLineAfterAHigherOneOfItsWriterIsReordered() {
        // 3 and 4 came before 1 and 2: two lines out of order; other writers do not matter
        LogTally t = raw(7, 0, 3, 4, 1, 2, 5);
        t.line(line(8, 0));
        assertThat(t.rows(Map.of(7L, 6L, 8L, 1L))).containsExactly(
                new LogTally.Row(7, 6, 6, 0, 0, 2, 0), new LogTally.Row(8, 1, 1, 0, 0, 0, 0));
    }

    @Test
    void aWriterThatNeverSaidItsCountAndLinesBeyondTheCountAreShown() {
        assertThat(raw(7, 0, 1, 2).rows(Map.of(7L, 2L, 9L, 5L))).containsExactly(
                new LogTally.Row(7, 2, 3, 0, 0, 0, 1), new LogTally.Row(9, 5, 0, 5, 0, 0, 0));
        assertThat(raw(7, 0).rows(Map.of())).containsExactly(new LogTally.Row(7, -1, 1, 0, 0, 0, 0));
    }

    @Test
    void cutSplicedAndForeignLinesAreGarbled() {
        LogTally t = raw(7, 0);
        String whole = line(7, 1);
        t.line(whole.substring(0, 60)); // cut
        t.line(whole.substring(0, 50) + line(8, 3)); // another writer's line inside it
        t.line("Picked up JAVA_TOOL_OPTIONS: -Xmx1g"); // not a writer's
        t.line(whole.replace("@7:", "@x:"));
        assertThat(t.garbled()).isEqualTo(4);
        assertThat(t.firstGarbled()).isEqualTo(whole.substring(0, 60));
        assertThat(t.rows(Map.of(7L, 2L))).containsExactly(new LogTally.Row(7, 2, 1, 1, 0, 0, 0));
    }

    @Test
    void zpmLinesAreReadAfterTheirTimestampAndWorkerPrefix() {
        LogTally t = new LogTally(LogTally.Format.ZPM, BYTES);
        t.line("2026-12-06T07:30:00.120Z 7/2 " + line(99, 0));
        t.line("2026-12-06T07:30:00.121Z 12/0 " + line(99, 1));
        t.line(line(99, 2)); // no prefix: not a zpm line
        t.line("2026-12-06 07:30:00.122Z 7/2 " + line(99, 3));
        t.line("2026-12-06T07:30:00.123Z 7 " + line(99, 4));
        assertThat(t.garbled()).isEqualTo(3);
        assertThat(t.rows(Map.of(99L, 2L))).containsExactly(new LogTally.Row(99, 2, 2, 0, 0, 0, 0));
        assertThat(LogTally.afterZpmPrefix("2026-12-06T07:30:00.120Z 7/2 GET /health 200")).isEqualTo(29);
    }

    @Test
    void rotatedFilesAreReadOldestFirstCompressedOrNotWithEachLogApart() throws IOException {
        write("peers.out.log.2.gz", 0, 2, true);
        write("peers.out.log.1", 2, 4, false);
        write("peers.out.log", 4, 6, false);
        write("peers.out.log.1.gz", 0, 0, true); // being compressed: the plain .1 is the one read
        write("peers.err.log", 0, 1, false);
        write("agent.log", 0, 1, false);
        List<List<Path>> logs = LogTally.ordered(dir, Pattern.compile("peers\\.out\\.log"));
        assertThat(logs).containsExactly(List.of(dir.resolve("peers.out.log.2.gz"), dir.resolve("peers.out.log.1"),
                dir.resolve("peers.out.log")));
        LogTally t = new LogTally(LogTally.Format.RAW, BYTES);
        t.files(logs.get(0));
        assertThat(t.rows(Map.of(7L, 6L))).containsExactly(new LogTally.Row(7, 6, 6, 0, 0, 0, 0));
        assertThat(LogTally.ordered(dir, Pattern.compile(".*\\.log"))).hasSize(3);
    }

    @Test
    void aLineCutByARotationIsJoinedAndCountedAsSplitAndAnUnfinishedLastLineIsLeftOut() throws IOException {
        String stream = line(7, 0) + "\n" + line(7, 1) + "\n" + line(7, 2) + "\n" + line(7, 3);
        Files.writeString(dir.resolve("p.log.1"), stream.substring(0, 150)); // ends inside line 1
        Files.writeString(dir.resolve("p.log"), stream.substring(150));
        LogTally t = new LogTally(LogTally.Format.RAW, BYTES);
        t.files(LogTally.ordered(dir, Pattern.compile("p\\.log")).get(0));
        assertThat(t.split()).isEqualTo(1);
        assertThat(t.unterminated()).isEqualTo(1); // line 3 has no newline yet
        assertThat(t.garbled()).isZero();
        assertThat(t.rows(Map.of(7L, 4L))).containsExactly(new LogTally.Row(7, 4, 3, 1, 0, 0, 0));
    }

    @Test
    void theWriterWritesWholeBuffersAcrossLinesAndEndsOnItsLastLine() throws IOException {
        Path file = dir.resolve("w.log");
        long lines;
        try (OutputStream out = Files.newOutputStream(file)) {
            lines = NumberedLineWriter.write(out, 42, BYTES, 4096, 20_000_000); // 20 ms
        }
        // 4096-byte writes cut lines (4096 is no multiple of 100), yet the output ends on a whole line
        assertThat(Files.size(file)).isEqualTo(lines * BYTES);
        LogTally t = new LogTally(LogTally.Format.RAW, BYTES);
        t.files(List.of(file));
        assertThat(t.garbled()).isZero();
        assertThat(t.unterminated()).isZero();
        assertThat(t.rows(Map.of(42L, lines))).containsExactly(new LogTally.Row(42, lines, lines, 0, 0, 0, 0));
    }

    /** Lines {@code from} until {@code to} of writer 7 into {@code name}, gzipped or not. */
    private void write(String name, long from, long to, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))
                : Files.newOutputStream(dir.resolve(name))) {
            for (long s = from; s < to; s++) {
                out.write((line(7, s) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
