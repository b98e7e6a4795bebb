package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TreeSamplerTest {

    /** statm counts pages of the kernel's size: the bytes must agree with VmRSS whatever that size is. */
    @Test
    void residentMemoryFromStatmAgreesWithVmRss() throws Exception {
        long before = vmRssBytes();
        long sampled = TreeSampler.selfRssBytes();
        long after = vmRssBytes();

        // RSS moves a little between the reads; a wrong page size would be off by 4x or more
        assertThat(sampled).isBetween(Math.min(before, after) * 9 / 10, Math.max(before, after) * 11 / 10);
    }

    private static long vmRssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
