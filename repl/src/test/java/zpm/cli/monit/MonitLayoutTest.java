package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.repl.testing.Samples;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** monit's frame as text: sizes, truncation, small terminals, the selection, no terminal needed. */
class MonitLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-06T10:00:01.120Z");

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static List<String> frame(MonitModel m, int rows, int cols) {
        return new MonitLayout(rows, cols, false, ZoneOffset.UTC, LocalDate.of(2026, 12, 6)).render(m, "zpm monit  title")
                .stream().map(AttributedString::toString).toList();
    }

    private static MonitModel sample() throws Exception {
        MonitModel m = new MonitModel(null);
        m.status(json(Samples.STATUS));
        m.event(new LifecycleEvent.Online(new EventHeader(1, T, "web", new WorkerRef(1, 0, 4242L)), 120));
        m.logsOf("web");
        m.logLine(json("{\"workerId\":1,\"slot\":0,\"app\":\"web\",\"stream\":\"out\",\"ts\":\"2026-12-06T10:00:02.000Z\","
                + "\"text\":\"GET /health 200\"}"));
        return m;
    }

    @Test
    void aFrameFillsTheTerminalExactlyWithEverySection() throws Exception {
        List<String> f = frame(sample(), 24, 100);
        assertThat(f).hasSize(24);
        assertThat(f.get(0)).isEqualTo("zpm monit  title");
        assertThat(f.get(1)).startsWith("  ID  SLOT  APP   PID  STATE");
        assertThat(f.get(2)).startsWith(">  1     0  web  4242  online");
        assertThat(f.get(3)).startsWith("   7     1  web     -  backoff");
        assertThat(f.get(5)).isEqualTo("  3 workers, 1 online");
        assertThat(f).anySatisfy(l -> assertThat(l).startsWith("-- events ---"))
                .anySatisfy(l -> assertThat(l).startsWith("10:00:01.120 online    web worker 1 slot 0 pid 4242  after=120ms"))
                .anySatisfy(l -> assertThat(l).startsWith("-- logs of web ---"))
                .anySatisfy(l -> assertThat(l).isEqualTo("10:00:02.000 web#1/0 out GET /health 200"));
        assertThat(f.get(23)).isEqualTo(MonitLayout.HELP);
        assertThat(f).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void aNarrowTerminalCutsEveryLineAtItsWidth() throws Exception {
        List<String> f = frame(sample(), 24, 30);
        assertThat(f).hasSize(24).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(f.get(2)).isEqualTo(">  1     0  web  4242  online ");
        assertThat(f.get(23)).isEqualTo(MonitLayout.HELP.substring(0, 30));
    }

    @Test
    void aLowTerminalShowsTheTableAloneAndATinyOneTheTitleAndKeys() throws Exception {
        List<String> low = frame(sample(), 8, 80);
        assertThat(low).hasSize(8).noneMatch(l -> l.startsWith("-- "));
        assertThat(low.get(2)).startsWith(">  1");
        assertThat(frame(sample(), 2, 80)).containsExactly("zpm monit  title", MonitLayout.HELP);
        assertThat(frame(sample(), 1, 80)).containsExactly("zpm monit  title");
    }

    @Test
    void manyWorkersScrollSoThatTheSelectedRowShows() throws Exception {
        StringBuilder sb = new StringBuilder("{\"workers\":[");
        for (int i = 1; i <= 50; i++) {
            sb.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"slot\":").append(i - 1)
                    .append(",\"app\":\"web\",\"pid\":").append(1000 + i).append(",\"state\":\"online\",\"uptimeMs\":1000}");
        }
        MonitModel m = new MonitModel("web");
        m.status(json(sb.append("]}").toString()));
        m.move(40);
        List<String> f = frame(m, 24, 80);
        assertThat(f).hasSize(24).filteredOn(l -> l.startsWith(">")).singleElement().asString().startsWith("> 41");
        assertThat(f).anySatisfy(l -> assertThat(l).matches("  50 workers, 50 online \\(rows \\d+-\\d+ of 50\\)"));
        m.move(100);
        assertThat(frame(m, 24, 80)).anySatisfy(l -> assertThat(l).startsWith("> 50"));
    }

    @Test
    void noWorkersSaysSo() throws Exception {
        MonitModel m = new MonitModel("api");
        m.status(json("{\"workers\":[]}"));
        assertThat(frame(m, 20, 80)).contains("no workers of api");
    }

    @Test
    void theMessageLineShowsAConfirmationAboveTheKeys() throws Exception {
        MonitModel m = sample();
        m.askRestart("web");
        List<String> f = frame(m, 24, 100);
        assertThat(f.get(22)).isEqualTo("restart web (rolling: one worker at a time)? y/n");
    }
}
