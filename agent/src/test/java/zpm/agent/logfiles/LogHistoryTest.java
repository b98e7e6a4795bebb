package zpm.agent.logfiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.os.OutputLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.agent.logfiles.LogFixtures.append;
import static zpm.agent.logfiles.LogFixtures.gzip;

/** The reader on files written in the contract's format: rotated, compressed, damaged, big. */
class LogHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00Z");

    @TempDir
    Path dir;

    /** Lines "n<from>".."n<to-1>" of worker 1 slot 0, line i at T0 + i ms. */
    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> LogFixtures.line(T0.plusMillis(i), 1, 0, "n" + i)).toList();
    }

    private List<String> texts(LogQuery q) {
        return new LogHistory(dir).tailBlocking(q, MemoryCover.none()).stream().map(OutputLine::text).toList();
    }

    private static List<String> names(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "n" + i).toList();
    }

    @Test
    void readsBackAcrossTheLiveFileAndItsRotatedOnesOldestFirst() {
        gzip(dir.resolve("web.out.log.3.gz"), numbered(0, 100));
        append(dir.resolve("web.out.log.2"), numbered(100, 200));
        gzip(dir.resolve("web.out.log.1.gz"), numbered(200, 300));
        append(dir.resolve("web.out.log"), numbered(300, 350));

        assertThat(texts(LogQuery.tail(Set.of("web"), 10))).isEqualTo(names(340, 350));
        assertThat(texts(LogQuery.tail(Set.of("web"), 120))).isEqualTo(names(230, 350));
        assertThat(texts(LogQuery.tail(Set.of("web"), 10_000))).isEqualTo(names(0, 350));
        assertThat(texts(LogQuery.tail(Set.of("other"), 10))).isEmpty();
        OutputLine last = new LogHistory(dir).tailBlocking(LogQuery.tail(null, 1), MemoryCover.none()).get(0);
        assertThat(last).isEqualTo(new OutputLine(1, 0, "web", "out", T0.plusMillis(349), "n349"));
    }

    @Test
    void aGenerationBothPlainAndCompressedIsReadOnce() {
        append(dir.resolve("web.out.log.1"), numbered(0, 50));
        gzip(dir.resolve("web.out.log.1.gz"), numbered(0, 30));   // the compressor is half way
        append(dir.resolve("web.out.log"), numbered(50, 60));
        assertThat(texts(LogQuery.tail(Set.of("web"), 1000))).isEqualTo(names(0, 60));
    }

    /**
     * The writer rotates (with compress) while a reading is under way: the files the reading
     * opened stay what they were, so it returns each line once, none of the new live file's.
     */
    @Test
    void aRotationDuringTheReadingNeitherRepeatsNorLosesALine() throws IOException {
        gzip(dir.resolve("web.out.log.2.gz"), numbered(0, 50));
        append(dir.resolve("web.out.log.1"), numbered(50, 100));
        append(dir.resolve("web.out.log"), numbered(100, 150));
        List<LogChain> chains = new ArrayList<>();
        new LogHistory(dir).openChains(LogQuery.tail(null, 1000), MemoryCover.none(), chains);
        try {
            Files.move(dir.resolve("web.out.log.2.gz"), dir.resolve("web.out.log.3.gz"));
            Files.move(dir.resolve("web.out.log.1"), dir.resolve("web.out.log.2"));
            Files.move(dir.resolve("web.out.log"), dir.resolve("web.out.log.1"));
            append(dir.resolve("web.out.log"), numbered(150, 160));
            gzip(dir.resolve("web.out.log.2.gz"), Files.readAllLines(dir.resolve("web.out.log.2")));
            Files.delete(dir.resolve("web.out.log.2"));
            assertThat(LogHistory.merge(chains, 1000)).extracting(OutputLine::text).isEqualTo(names(0, 150));
        } finally {
            chains.forEach(LogChain::close);
        }
        assertThat(texts(LogQuery.tail(null, 1000))).as("the next reading sees the new files").isEqualTo(names(0, 160));
    }

    @Test
    void missingFilesAndDirectoriesGiveNothing() {
        assertThat(new LogHistory(dir.resolve("none")).tailBlocking(LogQuery.tail(null, 10), MemoryCover.none()))
                .isEmpty();
        append(dir.resolve("web.out.log.2"), numbered(0, 5));     // .1 and the live file are missing
        assertThat(texts(LogQuery.tail(null, 10))).isEqualTo(names(0, 5));
        assertThat(texts(LogQuery.tail(null, 0))).isEmpty();
    }

    @Test
    void aHalfWrittenLastLineIsSkippedAndAnUnparsableOneTakesThePreviousTime() throws IOException {
        Path live = dir.resolve("web.err.log");
        append(live, List.of(LogFixtures.line(T0, 3, 1, "first"), "a line from elsewhere",
                LogFixtures.line(T0.plusMillis(5), 3, 1, "second")));
        Files.writeString(live, LogFixtures.line(T0.plusMillis(9), 3, 1, "half wr"), StandardOpenOption.APPEND);

        List<OutputLine> lines = new LogHistory(dir).tailBlocking(LogQuery.tail(null, 10), MemoryCover.none());
        assertThat(lines).containsExactly(
                new OutputLine(3, 1, "web", "err", T0, "first"),
                new OutputLine(0, -1, "web", "err", T0, "a line from elsewhere"),
                new OutputLine(3, 1, "web", "err", T0.plusMillis(5), "second"));
        gzip(dir.resolve("web.err.log.1.gz"), List.of("garbage first", LogFixtures.line(T0.minusMillis(7), 3, 1, "old"),
                "garbage after"));
        assertThat(new LogHistory(dir).tailBlocking(LogQuery.tail(null, 4), MemoryCover.none()).get(0))
                .isEqualTo(new OutputLine(0, -1, "web", "err", T0.minusMillis(7), "garbage after"));
        assertThat(new LogHistory(dir).tailBlocking(LogQuery.tail(null, 10), MemoryCover.none()).get(0))
                .isEqualTo(new OutputLine(0, -1, "web", "err", T0.minusMillis(7), "garbage first"));
    }

    @Test
    void outAndErrAndAppsMergeByTimeEachStreamInItsOrder() {
        append(dir.resolve("web.out.log"), List.of(LogFixtures.line(T0, 1, 0, "o1"),
                LogFixtures.line(T0.plusMillis(2), 1, 0, "o2"), LogFixtures.line(T0.plusMillis(2), 1, 0, "o3")));
        append(dir.resolve("web.err.log"), List.of(LogFixtures.line(T0.plusMillis(1), 1, 0, "e1"),
                LogFixtures.line(T0.plusMillis(3), 1, 0, "e2")));
        append(dir.resolve("api.out.log"), List.of(LogFixtures.line(T0.plusMillis(1), 2, 0, "a1")));
        append(dir.resolve("agent.log"), List.of(LogFixtures.line(T0.plusMillis(1), 0, 0, "not an app")));
        assertThat(texts(LogQuery.tail(null, 100))).containsExactly("o1", "a1", "e1", "o2", "o3", "e2");
        assertThat(texts(LogQuery.tail(Set.of("web"), 3))).containsExactly("o2", "o3", "e2");
        assertThat(texts(new LogQuery(Set.of("web"), Set.of("err"), null, null, Set.of(), 100)))
                .containsExactly("e1", "e2");
    }

    @Test
    void sinceTextAndWorkerFiltersApplyBeforeCounting() {
        append(dir.resolve("web.out.log.1"), numbered(0, 100));
        append(dir.resolve("web.out.log"), List.of(LogFixtures.line(T0.plusMillis(100), 2, 1, "other worker")));
        assertThat(texts(new LogQuery(null, LogQuery.BOTH_STREAMS, T0.plusMillis(95), null, Set.of(), 100)))
                .containsExactly("n95", "n96", "n97", "n98", "n99", "other worker");
        assertThat(texts(new LogQuery(null, LogQuery.BOTH_STREAMS, null, t -> t.endsWith("7"), Set.of(), 3)))
                .containsExactly("n77", "n87", "n97");
        assertThat(texts(new LogQuery(null, LogQuery.BOTH_STREAMS, null, null, Set.of(2L), 5)))
                .containsExactly("other worker");
    }

    @Test
    void sinceStopsTheReadingAtTheFirstOlderLine() {
        append(dir.resolve("web.out.log.2"), numbered(0, 10_000));
        append(dir.resolve("web.out.log.1"), numbered(10_000, 20_000));
        append(dir.resolve("web.out.log"), numbered(20_000, 20_010));
        LogHistory h = new LogHistory(dir);
        List<OutputLine> lines = h.tailBlocking(new LogQuery(null, LogQuery.BOTH_STREAMS, T0.plusMillis(19_995),
                null, Set.of(), 1000), MemoryCover.none());
        assertThat(lines).hasSize(15);
        assertThat(h.bytesRead()).as("the .1 file's end only, .2 untouched").isLessThan(2 * BackwardLines.BLOCK);
    }

    @Test
    void memoryCoversItsLinesEvenManyInOneMillisecond() {
        // one worker printing "y" 10 times in each of 3 ms, then memory holds the last 12 lines
        List<OutputLine> written = new ArrayList<>();
        for (int ms = 0; ms < 3; ms++) {
            for (int i = 0; i < 10; i++) {
                written.add(new OutputLine(4, 0, "yes", "out", T0.plusMillis(ms), "y"));
            }
        }
        append(dir.resolve("yes.out.log"), written.stream().map(LogFixtures::line).toList());
        List<OutputLine> memory = written.subList(18, 30);
        List<OutputLine> files = new LogHistory(dir).tailBlocking(LogQuery.tail(null, 100),
                MemoryCover.of(memory, l -> true));
        assertThat(files).isEqualTo(written.subList(0, 18));
        // with a filter, memory's lines at the boundary count only when they match it
        List<OutputLine> marked = new ArrayList<>(written);
        marked.set(17, new OutputLine(4, 0, "yes", "out", T0.plusMillis(1), "z"));
        marked.set(19, new OutputLine(4, 0, "yes", "out", T0.plusMillis(1), "z"));
        rewrite("yes.out.log", marked);
        List<OutputLine> zs = new LogHistory(dir).tailBlocking(
                new LogQuery(null, LogQuery.BOTH_STREAMS, null, "z"::equals, Set.of(), 100),
                MemoryCover.of(marked.subList(18, 30), l -> "z".equals(l.text())));
        assertThat(zs).containsExactly(marked.get(17));
    }

    private void rewrite(String name, List<OutputLine> lines) {
        try {
            Files.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        append(dir.resolve(name), lines.stream().map(LogFixtures::line).toList());
    }

    /**
     * A big live file (16 MB; {@code -Dzpm.soak.logFileMb=50} or more for a soak run): the last
     * 500 lines cost about their own bytes (~45 KB), read in 64 KiB blocks from the end, whatever
     * the file's size. Reading it all would take all of it.
     */
    @Test
    void theTailOfABigFileReadsOnlyItsEnd() throws IOException {
        long size = Long.getLong("zpm.soak.logFileMb", 16) * 1_000_000;
        Path live = dir.resolve("big.out.log");
        String pad = "x".repeat(60);
        int lines = 0;
        try (var out = Files.newBufferedWriter(live)) {
            for (long written = 0; written < size; lines++) {
                String l = LogFixtures.line(T0.plusMillis(lines), 9, 0, pad + " " + lines) + "\n";
                out.write(l);
                written += l.length();
            }
        }
        LogHistory h = new LogHistory(dir);
        long start = System.nanoTime();
        List<OutputLine> tail = h.tailBlocking(LogQuery.tail(Set.of("big"), 500), MemoryCover.none());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(tail).hasSize(500);
        assertThat(tail.get(499).text()).isEqualTo(pad + " " + (lines - 1));
        assertThat(tail.get(0).text()).isEqualTo(pad + " " + (lines - 500));
        assertThat(h.bytesRead()).as("bytes read of " + Files.size(live)).isLessThan(2 * BackwardLines.BLOCK);
        assertThat(ms).as("ms for the tail").isLessThan(2_000);
    }

    @Test
    void aVeryLongLineIsCutNotHeldWhole() throws IOException {
        Path live = dir.resolve("web.out.log");
        String huge = "z".repeat(3 * BackwardLines.MAX_LINE_BYTES);
        append(live, List.of(LogFixtures.line(T0, 1, 0, "before"), LogFixtures.line(T0, 1, 0, huge),
                LogFixtures.line(T0, 1, 0, "after")));
        List<String> texts = texts(LogQuery.tail(null, 10));
        assertThat(texts).hasSize(3);
        assertThat(texts.get(0)).isEqualTo("before");
        assertThat(texts.get(1)).endsWith(zpm.agent.os.LineSplitter.CUT_MARK)
                .hasSizeLessThan(BackwardLines.MAX_LINE_BYTES + BackwardLines.BLOCK + 100);
        assertThat(texts.get(2)).isEqualTo("after");
    }
}
