package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> lines(int max, String input) throws IOException {
        return lines(max, input.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(int max, byte[] input) throws IOException {
        List<String> out = new ArrayList<>();
        LineSplitter.ofStrings(max, out::add).pump(new ByteArrayInputStream(input));
        return out;
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
        assertThat(lines(100, "a\nbb\r\n\nlast")).containsExactly("a", "bb", "", "last");
    }

    @Test
    void emptyInputGivesNoLines() throws IOException {
        assertThat(lines(100, "")).isEmpty();
    }

    @Test
    void lineOfExactlyTheBoundIsKept() throws IOException {
        assertThat(lines(8, "12345678\nx\n")).containsExactly("12345678", "x");
    }

    @Test
    void longerLineIsCutMarkedAndItsRestDropped() throws IOException {
        assertThat(lines(8, "123456789abc\nnext\n"))
                .containsExactly("12345678" + LineSplitter.CUT_MARK, "next");
    }

    @Test
    void cutNeverSplitsAUtf8Character() throws IOException {
        // "aaaaaa" + "é" (2 bytes) + "€" (3 bytes): the bound of 9 falls inside the euro sign
        assertThat(lines(9, "aaaaaaé€tail\n")).containsExactly("aaaaaaé" + LineSplitter.CUT_MARK);
    }

    @Test
    void longInputAcrossManyChunks() throws IOException {
        String line = "x".repeat(10_000);
        assertThat(lines(16 * 1024, (line + "\n").repeat(3))).containsExactly(line, line, line);
    }

    @Test
    void linesAreTheSameWhateverTheChunksTheBytesArriveIn() throws IOException {
        String input = "a\n\r\n12345678\n123456789abc\nxé€yz\r\n" + "z".repeat(30) + "\nshort\n" + "q".repeat(7) + "\ntail";
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        List<String> whole = lines(8, bytes);
        assertThat(whole).containsExactly("a", "", "12345678", "12345678" + LineSplitter.CUT_MARK,
                "xé€yz" + LineSplitter.CUT_MARK, "zzzzzzzz" + LineSplitter.CUT_MARK, "short", "qqqqqqq", "tail");
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            List<String> out = new ArrayList<>();
            LineSplitter splitter = LineSplitter.ofStrings(8, out::add);
            for (int i = 0; i < bytes.length; i += chunk) {
                splitter.feed(bytes, i, Math.min(chunk, bytes.length - i));
            }
            splitter.end();
            assertThat(out).as("chunks of %d bytes", chunk).isEqualTo(whole);
        }
    }

    @Test
    void megabyteLinesWithoutNewlineAreCutOnceEach() {
        List<String> out = new ArrayList<>();
        LineSplitter splitter = LineSplitter.ofStrings(LineSplitter.DEFAULT_MAX_LINE_BYTES, out::add);
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 16; i++) { // one line of 1 MiB, in 64 KiB reads, then its newline
            splitter.feed(chunk, 0, chunk.length);
        }
        splitter.feed(new byte[] {'\n', 'p', 'a', 'r', 't'}, 0, 5);
        splitter.end(); // the worker died mid-line: the partial line is kept
        assertThat(out).containsExactly("x".repeat(LineSplitter.DEFAULT_MAX_LINE_BYTES) + LineSplitter.CUT_MARK, "part");
    }

    @Test
    void characterBoundaryTable() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 61 E2 82 AC
        assertThat(LineSplitter.characterBoundary(euro, 4)).isEqualTo(4);
        assertThat(LineSplitter.characterBoundary(euro, 3)).isEqualTo(1);
        assertThat(LineSplitter.characterBoundary(euro, 2)).isEqualTo(1);
        assertThat(LineSplitter.characterBoundary(euro, 1)).isEqualTo(1);
    }
}
