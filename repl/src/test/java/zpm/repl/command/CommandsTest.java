package zpm.repl.command;

import org.junit.jupiter.api.Test;
import zpm.protocol.api.MethodCatalog;
import zpm.protocol.api.WorkerCalls;
import zpm.repl.testing.FakeContext;
import zpm.repl.testing.FakeContext.Call;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each command's words as the agent receives them, and what it prints. */
class CommandsTest {

    private static final String STATUS = zpm.repl.testing.Samples.STATUS;

    private static FakeContext run(String... words) {
        return new FakeContext(false).run(words);
    }

    @Test
    void statusTargetsAllAnAppOrIds() {
        assertThat(run("status").calls).containsExactly(new Call("status", "{}", null));
        assertThat(run("status", "all").calls).containsExactly(new Call("status", "{}", null));
        assertThat(run("status", "web").calls).containsExactly(new Call("status", "{\"target\":\"web\"}", null));
        assertThat(run("status", "3", "4").calls).containsExactly(new Call("status", "{\"target\":[3,4]}", null));
    }

    @Test
    void statusOfSeveralAppsAsksForAllAndFilters() {
        FakeContext c = new FakeContext(false).answer("status", STATUS).run("status", "api", "db");
        assertThat(c.calls).containsExactly(new Call("status", "{}", null));
        assertThat(c.output()).contains("api").doesNotContain("web").endsWith("1 worker, 0 online");
        FakeContext j = new FakeContext(true).answer("status", STATUS).run("status", "api", "db");
        assertThat(j.output()).startsWith("{\"workers\":[{\"id\":9,").doesNotContain("\"web\"");
    }

    @Test
    void changingCommandsShowTheProgressOfTheirApp() {
        assertThat(run("restart", "web").calls).containsExactly(new Call("restart", "{\"target\":\"web\"}", "web"));
        assertThat(run("shutdown", "all").calls).containsExactly(new Call("shutdown", "{\"target\":\"all\"}", "*"));
        assertThat(run("terminate", "3").calls).containsExactly(new Call("terminate", "{\"target\":3}", "*"));
        assertThat(run("resize", "web", "4").calls).containsExactly(new Call("resize", "{\"app\":\"web\",\"size\":4}", "web"));
        assertThat(run("add", "web").calls).containsExactly(new Call("add", "{\"app\":\"web\",\"n\":1}", "web"));
        assertThat(run("sub", "web", "2").calls).containsExactly(new Call("sub", "{\"app\":\"web\",\"n\":2}", "web"));
        assertThat(run("stop", "web").calls).containsExactly(new Call("apps.stop", "{\"app\":\"web\"}", "web"));
        assertThat(run("delete", "web").calls).containsExactly(new Call("apps.delete", "{\"app\":\"web\"}", "web"));
    }

    @Test
    void aBareRestartIsRefusedRatherThanTakenAsAll() {
        assertThatThrownBy(() -> run("restart")).isInstanceOf(UsageException.class)
                .hasMessage("restart: restart what? give all, an app name, or worker ids (\"restart all\" for every app)"
                        + "\nusage: restart all|APP|ID... [--batch N|N%]");
    }

    @Test
    void restartTakesABatchAsACountOrAPercentage() {
        assertThat(run("restart", "web", "--batch", "2").calls)
                .containsExactly(new Call("restart", "{\"target\":\"web\",\"batch\":2}", "web"));
        assertThat(run("restart", "web", "--batch=50%").calls)
                .containsExactly(new Call("restart", "{\"target\":\"web\",\"batch\":\"50%\"}", "web"));
        assertThat(run("restart", "web").calls).containsExactly(new Call("restart", "{\"target\":\"web\"}", "web"));
        assertThatThrownBy(() -> run("restart", "web", "--batch", "0")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("restart: --batch must be a count from 1 to 10000 or a percentage")
                .hasMessageContaining("(got 0)");
    }

    @Test
    void badArgumentsNameTheProblemAndShowTheUsage() {
        assertThatThrownBy(() -> run("resize", "web")).hasMessageEndingWith("usage: resize APP N");
        assertThatThrownBy(() -> run("resize", "web", "many")).hasMessageStartingWith("resize: the size must be a whole number");
        assertThatThrownBy(() -> run("add", "web", "0")).hasMessageStartingWith("add: N must be from 1");
        assertThatThrownBy(() -> run("signal", "HUP")).hasMessageStartingWith("signal: give a signal and a target");
        assertThatThrownBy(() -> run("events", "exitt")).hasMessageStartingWith("events: no event type \"exitt\": did you mean exit?");
        assertThatThrownBy(() -> run("stauts")).hasMessage("unknown command \"stauts\": did you mean status or start?");
        assertThatThrownBy(() -> run("xyzzy")).hasMessage("unknown command \"xyzzy\": try help");
    }

    @Test
    void signalNamesAreNormalized() {
        assertThat(run("signal", "sighup", "web").calls)
                .containsExactly(new Call("signal", "{\"signal\":\"HUP\",\"target\":\"web\"}", null));
    }

    @Test
    void logsTakeLinesAndFollow() {
        assertThat(run("logs").calls).containsExactly(new Call("logs", "{\"lines\":100}", null));
        assertThat(run("logs", "web", "-n", "5").calls).containsExactly(new Call("logs", "{\"lines\":5,\"target\":\"web\"}", null));
        assertThat(run("logs", "3", "-f").calls)
                .containsExactly(new Call("logs", "{\"lines\":100,\"target\":3,\"follow\":true}", null));
        assertThat(run("logs", "web").output()).isEqualTo("no output yet");
    }

    @Test
    void logsPassSinceGrepAndRegexToTheAgent() {
        assertThat(run("logs", "web", "--since", "10m", "--grep", "GET /", "-n", "50").calls).containsExactly(
                new Call("logs", "{\"lines\":50,\"target\":\"web\",\"since\":\"10m\",\"grep\":\"GET /\"}", null));
        assertThat(run("logs", "--grep=-5\\d\\d$", "--regex", "-f").calls).containsExactly(new Call("logs",
                "{\"lines\":100,\"grep\":\"-5\\\\d\\\\d$\",\"regex\":true,\"follow\":true}", null));
        assertThatThrownBy(() -> run("logs", "--regex")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--regex says how to read --grep TEXT: give --grep too");
        assertThat(run("help", "logs").output()).contains("--since T", "--grep TEXT", "--regex", "--files");
    }

    @Test
    void logLinesShowTheirWorkerSlotAndStream() {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        FakeContext c = new FakeContext(false).answer("logs", "{\"lines\":[{\"workerId\":7,\"slot\":2,\"app\":\"web\","
                + "\"stream\":\"err\",\"ts\":\"" + today + "T07:30:00.120Z\",\"text\":\"GET /health 500\"}]}");
        String shown = c.run("logs", "web").output();
        assertThat(shown).endsWith("web#7/2 err GET /health 500").contains(":30:00.120 ");
        FakeContext j = new FakeContext(true).answer("logs", "{\"lines\":[]}").run("logs", "web");
        assertThat(j.output()).isEqualTo("{\"lines\":[]}");
    }

    @Test
    void logsFilesNameEachAppsTwoFilesOrSayFilesAreOff() {
        String info = "{\"apps\":[\"web\",\"api\"],\"logs\":{\"dir\":\"/s/logs\",\"bytes\":10,\"unwritten\":0,\"error\":null}}";
        FakeContext c = new FakeContext(false).answer("agent.info", info).run("logs", "--files");
        assertThat(c.calls).containsExactly(new Call("agent.info", "{}", null));
        assertThat(c.output()).isEqualTo(String.join("\n", "/s/logs/web.out.log", "/s/logs/web.err.log",
                "/s/logs/api.out.log", "/s/logs/api.err.log"));
        assertThat(new FakeContext(false).answer("agent.info", info).run("logs", "--files", "api").output())
                .isEqualTo("/s/logs/api.out.log\n/s/logs/api.err.log");
        assertThat(new FakeContext(true).answer("agent.info", info).run("logs", "--files", "api").output())
                .isEqualTo("{\"dir\":\"/s/logs\",\"files\":[\"/s/logs/api.out.log\",\"/s/logs/api.err.log\"]}");
        String off = "{\"apps\":[\"web\"],\"logs\":{\"dir\":null,\"bytes\":0,\"unwritten\":0,\"error\":null}}";
        assertThat(new FakeContext(false).answer("agent.info", off).run("logs", "--files").output())
                .startsWith("files are off");
        assertThat(new FakeContext(false).answer("agent.info", "{\"apps\":[\"web\"]}").run("logs", "--files").output())
                .startsWith("this agent does not report log files");
        assertThatThrownBy(() -> run("logs", "--files", "-f")).isInstanceOf(UsageException.class);
    }

    @Test
    void eventsSubscribeToTypesOfAnApp() {
        assertThat(run("events", "exit", "fatal", "--app", "web").calls)
                .containsExactly(new Call("events.subscribe", "types=[exit, fatal] app=web", null));
    }

    @Test
    void startFromFlagsRunsInThisDirectoryWhenTheAgentIsLocal() {
        FakeContext c = run("start", "tick", "--size", "2", "--port", "8080", "--env", "A=1", "--restart", "never",
                "--", "sleep", "100");
        assertThat(c.calls).containsExactly(new Call("apps.start", "{\"app\":{\"name\":\"tick\",\"command\":[\"sleep\",\"100\"],"
                + "\"size\":2,\"port\":8080,\"env\":{\"A\":\"1\"},\"restart\":\"never\",\"cwd\":\"/work/here\"}}", "tick"));
        FakeContext remote = new FakeContext(false).remote().run("start", "tick", "--", "sleep", "1");
        assertThat(remote.calls.get(0).params()).doesNotContain("cwd");
    }

    @Test
    void startNeedsANameAndACommand() {
        assertThatThrownBy(() -> run("start", "tick")).hasMessageContaining("give the command after --");
        assertThatThrownBy(() -> run("start", "--", "sleep")).hasMessageContaining("give the app's name");
        assertThatThrownBy(() -> run("start", "t", "--restart", "sometimes", "--", "x")).hasMessageContaining("--restart must be one of");
        assertThatThrownBy(() -> run("start", "--file", "a.json", "web")).hasMessageContaining("--file takes the whole app");
    }

    @Test
    void jsonModePrintsTheRawResult() {
        FakeContext c = new FakeContext(true).answer("restart", "{\"replaced\":[1],\"started\":[2]}").run("restart", "all");
        assertThat(c.printed).containsExactly("{\"replaced\":[1],\"started\":[2]}");
    }

    @Test
    void helpListsEveryCommandAndExplainsOne() {
        String all = run("help").output();
        for (Command c : Commands.all()) {
            assertThat(all).contains("  " + c.name() + " ");
        }
        assertThat(run("help", "logs").output()).startsWith("usage: logs [all|APP|ID...] [-n N] [-f]\n");
        assertThatThrownBy(() -> run("help", "stat")).hasMessageContaining("did you mean start, status or stop?");
    }

    @Test
    void helpReadsTheMethodACommandCalls() {
        assertThat(run("help", "restart").output())
                .startsWith("usage: restart all|APP|ID... [--batch N|N%]\n" + WorkerCalls.RESTART.summary() + "\n")
                .contains("\nmethod: restart {target?, batch?, timeout?} (changes the agent: needs the full token)");
        assertThat(run("help", "status").output()).contains("\nmethod: status {target?} (a read-only token may call it)");
        assertThat(run("help", "help").output()).doesNotContain("method:");
        for (Command c : Commands.all()) {
            if (c.method() != null) {
                assertThat(MethodCatalog.find(c.method().name())).as(c.name()).containsSame(c.method());
            }
        }
    }

    @Test
    void tokenRotateCallsRotateTokensAndSaysWhereTheNewTokensAre() {
        FakeContext c = new FakeContext(false)
                .answer("agent.rotateTokens", "{\"rotated\":true,\"tokenFile\":\"/s/token\",\"readOnlyTokenFile\":\"/s/token.readonly\"}")
                .run("token", "rotate");
        assertThat(c.calls).containsExactly(new Call("agent.rotateTokens", "{}", null));
        assertThat(c.output()).contains("/s/token,").contains("/s/token.readonly").doesNotContain("rotated\":");
        assertThatThrownBy(() -> run("token")).hasMessageContaining("token takes one word: rotate");
        assertThatThrownBy(() -> run("token", "show")).hasMessageContaining("usage: token rotate");
    }

    @Test
    void quitAndItsAlias() {
        assertThat(run("quit").quitCalled()).isTrue();
        assertThat(run("exit").quitCalled()).isTrue();
    }

    @Test
    void everyCommandHasAUsageAndASummary() {
        for (Command c : Commands.all()) {
            assertThat(c.summary()).as(c.name()).isNotBlank();
            assertThat(Commands.find(c.name())).isSameAs(c);
        }
        assertThat(Commands.names()).doesNotHaveDuplicates().contains("status", "exit", "?");
        assertThat(List.of("status", "connections", "restart", "shutdown", "terminate", "resize", "add", "sub", "signal", "send",
                "logs", "events", "apps", "start", "stop", "delete", "info", "nodes", "token", "connect", "help", "quit")).isEqualTo(
                Commands.all().stream().map(Command::name).toList());
    }

    @Test
    void sendTakesTheLastWordAsJsonOrElseAsAString() {
        assertThat(SendCommand.data("{\"reload\":true}").get("reload").asBoolean()).isTrue();
        assertThat(SendCommand.data("42").asInt()).isEqualTo(42);
        assertThat(SendCommand.data("reload").asText()).isEqualTo("reload");
        assertThat(SendCommand.data("reload").isTextual()).isTrue();
    }

    @Test
    void connectConnectsAgainAndTakesNoArguments() {
        assertThat(run("connect").calls).containsExactly(new Call("(connect)", "", null));
        assertThatThrownBy(() -> run("connect", "127.0.0.1:7700")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("connect: connect takes no arguments");
    }

    @Test
    void sendWithJsonTypedBareSendsItAsTyped() {
        // The console's word splitting once turned {"a":1} into the string "{a:1}" and sent that.
        assertThat(sent("send web {\"a\":1}")).isEqualTo("{\"a\":1}");
        assertThat(sent("send web {\"a\": 1, \"b\": \"x; y #z\"}")).isEqualTo("{\"a\":1,\"b\":\"x; y #z\"}");
        assertThat(sent("send web [1, {\"c\": [2]}]")).isEqualTo("[1,{\"c\":[2]}]");
    }

    /** The data a typed send line sends to "web". */
    private static String sent(String line) {
        FakeContext c = new FakeContext(false).run(Words.split(line).toArray(String[]::new));
        assertThat(c.calls).hasSize(1);
        String params = c.calls.get(0).params();
        assertThat(params).startsWith("{\"target\":\"web\",\"data\":");
        return params.substring("{\"target\":\"web\",\"data\":".length(), params.length() - 1);
    }

    @Test
    void sendWithDataThatLooksLikeJsonButDoesNotParseIsRefusedWithAHint() {
        assertThatThrownBy(() -> run("send", "web", "{a:1}")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("send: the data {a:1} looks like JSON but does not parse (")
                .hasMessageContaining("send web {\"reload\": true}").hasMessageContaining("send web '\"{a:1}\"'");
        assertThatThrownBy(() -> new FakeContext(false).run(Words.split("send web {\"a\": 1").toArray(String[]::new)))
                .hasMessageStartingWith("send: the data {\"a\": 1 looks like JSON but does not parse");
    }
}
