package zpm.agent.logfiles;

import org.junit.jupiter.api.Test;
import zpm.agent.os.OutputLine;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineParserTest {

    @Test
    void readsTheContractsExampleAndWritesItBack() {
        String s = "2026-12-06T07:30:00.120Z 7/2 GET /health 200";
        OutputLine l = LogLineParser.parse("web", "out", s);
        assertThat(l).isEqualTo(new OutputLine(7, 2, "web", "out", Instant.parse("2026-12-06T07:30:00.120Z"),
                "GET /health 200"));
        assertThat(LogLineFormat.line(l).replace("\n", "")).isEqualTo(s);
        assertThat(LogLineFormat.timestamp(Instant.parse("2026-12-06T07:30:00Z"))).isEqualTo("2026-12-06T07:30:00.000Z");
    }

    @Test
    void keepsSpacesOfTheTextAndReadsAnEmptyOne() {
        assertThat(LogLineParser.parse("a", "err", "2026-12-06T07:30:00.120Z 12/0   two  spaces ").text())
                .isEqualTo("  two  spaces ");
        assertThat(LogLineParser.parse("a", "err", "2026-12-06T07:30:00.120Z 12/0 ").text()).isEmpty();
        assertThat(LogLineParser.parse("a", "err", "2026-12-06T07:30:00.120Z 12/0").text()).isEmpty();
    }

    @Test
    void refusesWhatIsNotALineOfTheFiles() {
        for (String s : new String[] {"", "hello", "2026-12-06T07:30:00.120Z", "2026-12-06T07:30:00.120Z hello",
                "2026-12-06T07:30:00.120Z 7 text", "2026-12-06T07:30:00.120Z x/2 text", "2026-12-06 07:30:00.120Z 7/2 t",
                "2026-13-06T07:30:00.120Z 7/2 t", "2026-12-06T07:30:00.12Z 7/2 t", "2026-12-06T07:30:00.120Z 7/2x t",
                "2026-12-06T07:30:00.120Z -7/2 t"}) {
            assertThat(LogLineParser.parse("a", "out", s)).as(s).isNull();
        }
    }
}
