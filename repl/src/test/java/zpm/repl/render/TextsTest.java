package zpm.repl.render;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.repl.render.StatusTableTest.json;

/** The smaller renderings: apps, connections, info, operation summaries, log lines, the prompt. */
class TextsTest {

    @Test
    void appsTableAndOneAppLine() throws Exception {
        String apps = "{\"apps\":[{\"name\":\"web\",\"state\":\"running\",\"size\":2,\"workers\":2,\"online\":2,\"reason\":null,"
                + "\"spec\":{\"command\":[\"java\",\"-jar\",\"web app.jar\"],\"port\":8080}},"
                + "{\"name\":\"cron\",\"state\":\"fatal\",\"size\":1,\"workers\":0,\"online\":0,\"reason\":\"crash loop\","
                + "\"spec\":{\"command\":[\"sh\"]}}]}";
        assertThat(AppsTable.render(json(apps), false)).isEqualTo(String.join("\n",
                "NAME  STATE    SIZE  WORKERS  ONLINE  PORT  COMMAND                  NOTE",
                "web   running     2        2       2  8080  java -jar 'web app.jar'",
                "cron  fatal       1        0       0     -  sh                       crash loop"));
        assertThat(AppsTable.line(json(apps).path("apps").get(1), false))
                .isEqualTo("cron: fatal, size 1, 0 workers, 0 online (crash loop)");
        assertThat(AppsTable.render(json("{\"apps\":[]}"), false)).startsWith("no apps");
    }

    @Test
    void connectionsWithTheirTotal() throws Exception {
        String c = "{\"workers\":[{\"id\":1,\"app\":\"web\",\"slot\":0,\"connections\":3,\"ports\":[8080]},"
                + "{\"id\":2,\"app\":\"web\",\"slot\":1,\"connections\":0,\"ports\":[]}],\"total\":3}";
        assertThat(ConnectionsTable.render(json(c), false)).isEqualTo(String.join("\n",
                "ID  APP  SLOT  CONNS  LISTENING",
                " 1  web     0      3  8080",
                " 2  web     1      0  -",
                "total: 3 established connections"));
    }

    @Test
    void infoReadsDurationsAndSizes() throws Exception {
        String info = "{\"version\":\"0.1.0\",\"uptimeMs\":192000,\"rssBytes\":47290000,\"apps\":[\"web\",\"api\"],\"http\":null}";
        assertThat(InfoText.render(json(info), false)).isEqualTo(String.join("\n",
                "version: 0.1.0",
                "uptime:  3m12s",
                "rss:     45.1M",
                "apps:    web, api",
                "http:    -"));
    }

    @Test
    void operationsInOneLine() throws Exception {
        assertThat(OperationText.restarted(json("{\"replaced\":[1,2],\"started\":[5,6]}")))
                .isEqualTo("restarted 2 workers: 1 2 -> 5 6");
        assertThat(OperationText.restarted(json("{\"replaced\":[],\"started\":[]}"))).isEqualTo("nothing to restart");
        assertThat(OperationText.stopped(json("{\"stopped\":[3]}"), "killed")).isEqualTo("killed 1 worker: 3");
        assertThat(OperationText.stopped(json("{\"stopped\":[]}"), "stopped")).isEqualTo("no workers were running");
        assertThat(OperationText.signalled(json("{\"signal\":\"HUP\",\"signalled\":[1,2]}")))
                .isEqualTo("sent SIGHUP to 2 workers: 1 2");
    }

    @Test
    void logLinesShowTimeAppWorkerSlotAndStream() throws Exception {
        String out = "{\"workerId\":3,\"slot\":1,\"app\":\"web\",\"stream\":\"out\",\"ts\":\"2026-11-21T10:00:01.120Z\","
                + "\"text\":\"hello\"}";
        String err = out.replace("\"out\"", "\"err\"");
        LocalDate today = LocalDate.of(2026, 11, 21);
        assertThat(LogLine.render(json(out), ZoneOffset.UTC, today, false)).isEqualTo("10:00:01.120 web#3/1 out hello");
        assertThat(LogLine.render(json(err), ZoneOffset.UTC, today, false)).isEqualTo("10:00:01.120 web#3/1 err hello");
        assertThat(LogLine.render(json(out), ZoneOffset.UTC, today.plusDays(1), false))
                .as("history from the files may be days old").isEqualTo("2026-11-21 10:00:01.120 web#3/1 out hello");
        assertThat(LogLine.render(json(out), ZoneOffset.ofHours(1), today, false)).startsWith("11:00:01.120 ");
        assertThat(LogLine.render(json(err), ZoneOffset.UTC, today, true))
                .isEqualTo(Style.DIM.apply("10:00:01.120", true) + " " + Style.CYAN.apply("web#3/1", true) + " "
                        + Style.RED.apply("err", true) + " hello");
        String unparsed = "{\"workerId\":0,\"slot\":-1,\"app\":\"web\",\"stream\":\"out\",\"ts\":\"2026-11-21T10:00:01.120Z\","
                + "\"text\":\"not ours\"}";
        assertThat(LogLine.render(json(unparsed), ZoneOffset.UTC, today, false)).isEqualTo("10:00:01.120 web out not ours");
        String noSlot = "{\"workerId\":3,\"app\":\"web\",\"stream\":\"out\",\"ts\":\"2026-11-21T10:00:01.120Z\",\"text\":\"x\"}";
        assertThat(LogLine.render(json(noSlot), ZoneOffset.UTC, today, false)).isEqualTo("10:00:01.120 web#3 out x");
    }

    @Test
    void infoShowsTheLogDirectoryItsSizeAndWhatWasNotWritten() throws Exception {
        assertThat(InfoText.render(json("{\"logs\":{\"dir\":\"/s/logs\",\"bytes\":12900000,\"unwritten\":0,"
                + "\"error\":null}}"), false)).isEqualTo("logs: /s/logs, 12.3M");
        assertThat(InfoText.render(json("{\"logs\":{\"dir\":\"/s/logs\",\"bytes\":2048,\"unwritten\":17,"
                + "\"error\":\"No space left on device (/s/logs/web.out.log)\"}}"), false))
                .isEqualTo("logs: /s/logs, 2K, 17 unwritten (No space left on device (/s/logs/web.out.log))");
        assertThat(InfoText.render(json("{\"logs\":{\"dir\":null,\"bytes\":0,\"unwritten\":0,\"error\":null}}"), false))
                .isEqualTo("logs: off (memory only)");
    }

    @Test
    void thePromptShowsTheAppCountOrTheConnectionState() {
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, 3, false)).isEqualTo("zpm 127.0.0.1:7700 (3 apps)> ");
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, 1, false)).isEqualTo("zpm 127.0.0.1:7700 (1 app)> ");
        assertThat(Prompt.text("127.0.0.1:7700", Prompt.Link.UP, -1, false)).isEqualTo("zpm 127.0.0.1:7700> ");
        assertThat(Prompt.text("h:1", Prompt.Link.DOWN, 3, false)).isEqualTo("zpm h:1 (disconnected)> ");
        assertThat(Prompt.text("h:1", Prompt.Link.RECONNECTING, 3, false))
                .isEqualTo("zpm h:1 (disconnected, reconnecting)> ");
    }
}
