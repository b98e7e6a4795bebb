package zpm.protocol.jsonrpc;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Long> overflows = new ArrayList<>();

    private LineFramer framer(int max) {
        return new LineFramer(max, lines::add, overflows::add);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Lines, CRLF, blank lines and 2-, 3- and 4-byte UTF-8 characters. */
    private static final String TEXT = "{\"a\":1}\r\n\n   \r\n{\"b\":\"é€😀\"}\n\r\nlast\n";
    private static final List<String> EXPECTED = List.of("{\"a\":1}", "{\"b\":\"é€😀\"}", "last");

    @Test
    void aStrictFramerHandsALineThatIsNotUtf8ToItsOwnCallbackAndGoesOn() {
        List<String> bad = new ArrayList<>();
        LineFramer strict = new LineFramer(1024, lines::add, overflows::add, () -> bad.add("bad"));
        strict.feed(new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'});
        strict.feed(utf8("{\"b\":\"é€😀\"}\n"));
        assertThat(bad).containsExactly("bad");
        assertThat(lines).containsExactly("{\"b\":\"é€😀\"}");
    }

    @Test
    void splitsLinesDropsCrAndSkipsBlankLines() {
        framer(100).feed(utf8(TEXT));
        assertThat(lines).isEqualTo(EXPECTED);
        assertThat(overflows).isEmpty();
    }

    @Test
    void sameLinesWhereverTheBytesAreSplit() {
        byte[] all = utf8(TEXT);
        for (int cut = 0; cut <= all.length; cut++) {
            lines.clear();
            LineFramer f = framer(100);
            f.feed(Arrays.copyOfRange(all, 0, cut));
            f.feed(Arrays.copyOfRange(all, cut, all.length));
            assertThat(lines).as("split at byte " + cut).isEqualTo(EXPECTED);
            assertThat(f.buffered()).isZero();
        }
    }

    @Test
    void sameLinesFedOneByteAtATime() {
        LineFramer f = framer(100);
        for (byte b : utf8(TEXT)) {
            f.feed(new byte[] {b});
        }
        assertThat(lines).isEqualTo(EXPECTED);
    }

    @Test
    void multiByteCharacterSplitAcrossFeedsIsDecodedWhole() {
        byte[] emoji = utf8("😀");
        assertThat(emoji).hasSize(4);
        LineFramer f = framer(100);
        f.feed(new byte[] {'x', emoji[0], emoji[1]});
        f.feed(new byte[] {emoji[2]});
        f.feed(new byte[] {emoji[3], '\n'});
        assertThat(lines).containsExactly("x😀");
    }

    @Test
    void overlongLineIsReportedOnceThenFramingResumes() {
        LineFramer f = framer(10);
        f.feed(utf8("01234567"));
        f.feed(utf8("89AB"));          // 12 bytes: over the limit, reported now
        f.feed(utf8("CDEFGHIJKLMN"));   // still the same line: not reported again
        f.feed(utf8("OP\nok\n"));
        assertThat(overflows).containsExactly(12L);
        assertThat(lines).containsExactly("ok");
        assertThat(f.buffered()).isZero();
    }

    @Test
    void overlongLineEndingInTheSameFeedIsReportedWithItsLength() {
        framer(10).feed(utf8("good\n0123456789ABC\nok\n"));
        assertThat(overflows).containsExactly(13L);
        assertThat(lines).containsExactly("good", "ok");
    }

    @Test
    void lineOfExactlyTheLimitPasses() {
        LineFramer f = framer(10);
        f.feed(utf8("0123456789\n01234567890\nx\n"));
        assertThat(lines).containsExactly("0123456789", "x");
        assertThat(overflows).containsExactly(11L);
    }

    @Test
    void twoOverlongLinesAreTwoReports() {
        framer(3).feed(utf8("aaaa\nbbbbb\ncc\n"));
        assertThat(overflows).containsExactly(4L, 5L);
        assertThat(lines).containsExactly("cc");
    }

    @Test
    void byteBuffersAreConsumedHeapOrDirect() {
        LineFramer f = framer(100);
        ByteBuffer heap = ByteBuffer.wrap(utf8("xxa\nb"));
        heap.position(2);
        f.feed(heap);
        assertThat(heap.hasRemaining()).isFalse();
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        direct.put(utf8("c\nd\n")).flip();
        f.feed(direct);
        assertThat(direct.hasRemaining()).isFalse();
        assertThat(lines).containsExactly("a", "bc", "d");
    }

    @Test
    void finishEmitsALastLineWithoutNewline() {
        LineFramer f = framer(100);
        f.feed(utf8("a\r\nno-newline"));
        assertThat(lines).containsExactly("a");
        f.finish();
        assertThat(lines).containsExactly("a", "no-newline");
        f.finish();
        assertThat(lines).hasSize(2);
    }

    @Test
    void aThrowingConsumerLeavesTheFramerUsable() {
        List<String> seen = new ArrayList<>();
        LineFramer f = new LineFramer(100, line -> {
            seen.add(line);
            if (line.equals("boom")) {
                throw new IllegalStateException("listener bug");
            }
        }, n -> { });
        assertThatCode(() -> f.feed(utf8("pa"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> f.feed(utf8("rt\nboom\nlost\n"))).isInstanceOf(IllegalStateException.class);
        f.feed(utf8("after\n"));
        assertThat(seen).containsExactly("part", "boom", "after");
        assertThat(f.buffered()).isZero();
    }

    @Test
    void limitMustBePositive() {
        assertThatThrownBy(() -> framer(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
