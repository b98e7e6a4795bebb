package zpm.repl.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import zpm.repl.testing.Samples;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {

    static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void rendersEveryWorkerWithASummaryLine() throws Exception {
        assertThat(StatusTable.render(json(Samples.STATUS), Set.of(), false)).isEqualTo(String.join("\n",
                "ID  SLOT  APP   PID  STATE       AGE  RESTARTS   CPU    MEM  CONNS  NOTE",
                " 1     0  web  4242  online    3m12s         0  0.3%  45.1M      2",
                " 7     1  web     -  backoff       -         3     -      -      0  crashed: code=1",
                " 9     0  api  4300  starting  850ms         0     -   1.0M      0",
                "3 workers, 1 online"));
    }

    @Test
    void appsFilterTheRows() throws Exception {
        String out = StatusTable.render(json(Samples.STATUS), Set.of("api"), false);
        assertThat(out).contains("api").doesNotContain("web").endsWith("1 worker, 0 online");
        assertThat(StatusTable.render(json(Samples.STATUS), Set.of("db"), false)).isEqualTo("no workers of db");
    }

    @Test
    void theNoteColumnOnlyWhenSomeWorkerHasOne() throws Exception {
        String one = "{\"workers\":[{\"id\":1,\"slot\":0,\"app\":\"web\",\"pid\":1,\"state\":\"online\",\"uptimeMs\":1000,"
                + "\"restarts\":0,\"lastExit\":null,\"reason\":null,\"cpu\":null,\"rssBytes\":null,\"connections\":0}]}";
        assertThat(StatusTable.render(json(one), Set.of(), false)).startsWith("ID  SLOT  APP  PID  STATE   AGE  RESTARTS  CPU  MEM  CONNS\n");
    }

    @Test
    void statesAreColoredWhereTheTerminalHasColor() throws Exception {
        String out = StatusTable.render(json(Samples.STATUS), Set.of(), true);
        assertThat(out).contains(Style.GREEN.apply("online", true)).contains(Style.MAGENTA.apply("backoff", true))
                .contains(Style.YELLOW.apply("starting", true));
    }

    @Test
    void exitsReadAsCodesOrSignals() throws Exception {
        assertThat(StatusTable.exitText(json("{\"code\":1,\"signal\":null,\"expected\":false}"))).isEqualTo("code 1");
        assertThat(StatusTable.exitText(json("{\"code\":null,\"signal\":\"KILL\",\"expected\":true}")))
                .isEqualTo("SIGKILL (expected)");
    }

    @Test
    void theNoteSaysWhatTheWorkerReportsAndWhyItsPredecessorWasReplaced() throws Exception {
        assertThat(StatusTable.note(json("{\"state\":\"online\",\"reason\":null,\"statusText\":\"serving 42\","
                + "\"lastExit\":null}"))).isEqualTo("serving 42");
        assertThat(StatusTable.note(json("{\"state\":\"online\",\"reason\":null,\"statusText\":null,"
                + "\"lastExit\":{\"code\":0,\"signal\":null,\"expected\":false,\"reason\":\"liveness failed: 3 check(s)\"}}")))
                .isEqualTo("replaced: liveness failed: 3 check(s)");
        assertThat(StatusTable.note(json("{\"state\":\"online\",\"reason\":null,\"statusText\":null,"
                + "\"lastExit\":{\"code\":0,\"signal\":null,\"expected\":true,\"reason\":\"restart\"}}"))).isEmpty();
        assertThat(StatusTable.note(json("{\"state\":\"exited\",\"reason\":null,"
                + "\"lastExit\":{\"code\":null,\"signal\":\"TERM\",\"expected\":false,\"reason\":\"memory failed: 90 MB\"}}")))
                .isEqualTo("last exit: SIGTERM (memory failed: 90 MB)");
    }

    @Test
    void noWorkersSaysSo() throws Exception {
        assertThat(StatusTable.render(json("{\"workers\":[]}"), Set.of(), false)).isEqualTo("no workers");
    }
}
