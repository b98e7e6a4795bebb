package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {

    private static int firstByBytes(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastByBytes(byte[] b, int from, int end) {
        for (int i = end - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsWhatAByteLoopFindsWhateverTheBytesAndBounds() {
        Random random = new Random(7);
        // bytes near '\n' in value (0x0A ^ a few bits, 0x8A, 0x0B after 0x0A) are where the word trick could go wrong
        byte[] alphabet = {'\n', 0x0B, 0x09, 0x08, 0x0E, (byte) 0x8A, 0x00, (byte) 0xFF, 0x7F, 'a', (byte) 0xC3, (byte) 0x80};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            int density = 1 + random.nextInt(alphabet.length);
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(density)];
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int end = from + random.nextInt(b.length - from + 1);
            assertThat(Newlines.first(b, from, end)).as("first in %s", java.util.Arrays.toString(b))
                    .isEqualTo(firstByBytes(b, from, end));
            assertThat(Newlines.last(b, from, end)).as("last in %s", java.util.Arrays.toString(b))
                    .isEqualTo(lastByBytes(b, from, end));
        }
    }

    @Test
    void everyPositionInAWord() {
        for (int at = 0; at < 24; at++) {
            byte[] b = new byte[24];
            java.util.Arrays.fill(b, (byte) 'x');
            b[at] = '\n';
            assertThat(Newlines.first(b, 0, b.length)).isEqualTo(at);
            assertThat(Newlines.last(b, 0, b.length)).isEqualTo(at);
            assertThat(Newlines.first(b, at + 1, b.length)).isEqualTo(-1);
            assertThat(Newlines.last(b, 0, at)).isEqualTo(-1);
        }
    }
}
