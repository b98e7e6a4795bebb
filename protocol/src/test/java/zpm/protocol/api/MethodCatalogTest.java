package zpm.protocol.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import zpm.protocol.api.AppCalls.AppResult;
import zpm.protocol.api.AppCalls.AppView;
import zpm.protocol.api.StreamCalls.LogEntry;
import zpm.protocol.api.StreamCalls.LogsResult;
import zpm.protocol.api.WorkerCalls.LastExit;
import zpm.protocol.api.WorkerCalls.WorkerRow;
import zpm.protocol.api.WorkerCalls.WorkersResult;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcException;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each method's params and result as the wire carries them (docs/protocol.md's shapes and errors). */
class MethodCatalogTest {

    private static JsonNode json(String text) throws IOException {
        return JsonTree.read(text);
    }

    private static RpcException refused(Method<?, ?> m, String params) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> m.decode(json(params))).isInstanceOfSatisfying(RpcException.class,
                e -> caught[0] = e);
        RpcException e = (RpcException) caught[0];
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        return e;
    }

    @Test
    void namesAreUniqueAndInWireOrder() {
        assertThat(MethodCatalog.names()).doesNotHaveDuplicates().startsWith("auth", "agent.info", "status")
                .endsWith("agent.quit").hasSize(MethodCatalog.all().size());
        assertThat(MethodCatalog.find("apps.start")).containsSame(AppCalls.START);
        assertThat(MethodCatalog.find("nope")).isEmpty();
    }

    @Test
    void theConnectionAnswersAuthSubscriptionsAndLogs() {
        assertThat(MethodCatalog.all().stream().filter(m -> m.route() == Method.Route.CONNECTION).map(Method::name))
                .containsExactly("auth", "logs", "events.subscribe", "events.unsubscribe");
    }

    @Test
    void unknownParamsAreRefusedNamingTheKnownOnes() {
        RpcException e = refused(WorkerCalls.STATUS, "{\"verbose\": true}");
        assertThat(e.getMessage()).isEqualTo("unknown param \"verbose\"; known params: target");
        assertThat(JsonTree.write(e.error().data())).isEqualTo("{\"param\":\"verbose\",\"expected\":\"one of [target]\"}");
        assertThat(refused(AgentCalls.INFO, "{\"x\": 1}").getMessage())
                .isEqualTo("unknown param \"x\"; this method takes none");
        assertThat(refused(WorkerCalls.RESIZE, "{\"sise\": 1}").getMessage())
                .isEqualTo("unknown param \"sise\"; known params: app, size, timeout");
    }

    @Test
    void missingAndIllTypedParamsNameTheParamAndTheTypeExpected() {
        RpcException missing = refused(WorkerCalls.RESIZE, "{\"app\": \"web\"}");
        assertThat(missing.getMessage()).isEqualTo("missing param \"size\": expected an integer");
        assertThat(JsonTree.write(missing.error().data())).isEqualTo("{\"param\":\"size\",\"expected\":\"an integer\"}");
        assertThat(refused(WorkerCalls.RESIZE, "{\"app\": \"web\", \"size\": \"three\"}").getMessage())
                .isEqualTo("param \"size\" must be an integer from 0 to 10000 (got \"three\")");
        assertThat(refused(WorkerCalls.STATUS, "{\"target\": {\"x\": 1}}").getMessage()).isEqualTo(
                "param \"target\" must be \"all\", an app name, a worker id or a list of worker ids (got {\"x\":1})");
        assertThat(refused(WorkerCalls.RESTART, "{\"timeout\": 0}").getMessage())
                .isEqualTo("param \"timeout\" must be an integer from 1 to 3600000 (got 0)");
        assertThat(refused(WorkerCalls.SEND, "{\"target\": \"web\"}").getMessage())
                .isEqualTo("param \"data\" must be any JSON value to deliver to the workers (got nothing)");
    }

    @Test
    void paramsBecomeTheirRecordsWithTheDefaultsFilledIn() throws IOException {
        assertThat(WorkerCalls.STATUS.decode(null).target()).isEqualTo(TargetParam.ALL);
        assertThat(WorkerCalls.STATUS.decode(json("{\"target\": \"all\"}")).target()).isEqualTo(TargetParam.ALL);
        assertThat(WorkerCalls.STATUS.decode(json("{\"target\": [3, 4]}")).target())
                .isEqualTo(new TargetParam.Ids(List.of(3L, 4L)));
        assertThat(WorkerCalls.RESTART.decode(json("{\"target\": \"web\"}")))
                .isEqualTo(new WorkerCalls.RestartParams(new TargetParam.App("web"), RestartBatch.ONE, 600_000));
        assertThat(WorkerCalls.SHUTDOWN.decode(null).timeoutMs()).isEqualTo(120_000);
        assertThat(WorkerCalls.ADD.decode(json("{\"app\": \"web\"}")).n()).isEqualTo(1);
        assertThat(StreamCalls.LOGS.decode(null)).isEqualTo(new StreamCalls.LogsParams(TargetParam.ALL, 100, false));
        assertThat(WorkerCalls.SEND.decode(json("{\"data\": null}")).data().isNull()).isTrue();
        assertThat(StreamCalls.SUBSCRIBE.decode(json("{\"types\": \"exit\"}")).types()).containsExactly("exit");
    }

    @Test
    void anUnknownSignalNameIsInvalidParams() throws IOException {
        RuntimeException e = WorkerCalls.SIGNAL.decode(json("{\"signal\": \"NOPE\"}")).unknownSignal();
        assertThat(e.getMessage()).isEqualTo(
                "param \"signal\" must be a signal name such as TERM, HUP, INT, USR1, USR2, QUIT, KILL (got \"NOPE\")");
    }

    @Test
    void resultsHaveTheWireKeysInOrder() {
        WorkerRow row = new WorkerRow(7, 2, "web", 4242L, "online", 1500, 1, null,
                new LastExit(null, "TERM", true, 900, null), null, 1.5, 1024L, 3);
        assertThat(JsonTree.write(WorkerCalls.STATUS.encode(new WorkersResult(List.of(row))))).isEqualTo(
                "{\"workers\":[{\"id\":7,\"slot\":2,\"app\":\"web\",\"pid\":4242,\"state\":\"online\",\"uptimeMs\":1500,"
                        + "\"restarts\":1,\"statusText\":null,\"lastExit\":{\"code\":null,\"signal\":\"TERM\","
                        + "\"expected\":true,\"uptimeMs\":900,\"reason\":null},\"reason\":null,\"cpu\":1.5,"
                        + "\"rssBytes\":1024,\"connections\":3}]}");
        WorkerRow idle = new WorkerRow(8, 0, "web", null, "backoff", 0, 0, null, null, "exited", null, null, 0);
        assertThat(JsonTree.write(WorkerCalls.STATUS.encode(new WorkersResult(List.of(idle)))))
                .contains("\"pid\":null", "\"lastExit\":null", "\"cpu\":null,\"rssBytes\":null,\"connections\":0");
        AppView app = new AppView("web", "running", 2, 2, 2, null, JsonTree.of(java.util.Map.of("name", "web")));
        assertThat(JsonTree.write(WorkerCalls.RESIZE.encode(new AppResult(app)))).isEqualTo(
                "{\"app\":{\"name\":\"web\",\"state\":\"running\",\"size\":2,\"workers\":2,\"online\":2,"
                        + "\"reason\":null,\"spec\":{\"name\":\"web\"}}}");
        LogEntry line = new LogEntry(3, 1, "web", "out", "2026-12-06T07:30:00.123Z", "hi");
        assertThat(JsonTree.write(StreamCalls.LOGS.encode(new LogsResult(List.of(line), null)))).isEqualTo(
                "{\"lines\":[{\"workerId\":3,\"slot\":1,\"app\":\"web\",\"stream\":\"out\",\"ts\":\"2026-12-06T07:30:00.123Z\","
                        + "\"text\":\"hi\"}]}");
        assertThat(JsonTree.write(StreamCalls.LOGS.encode(new LogsResult(List.of(), "s2"))))
                .isEqualTo("{\"lines\":[],\"subscription\":\"s2\"}");
        assertThat(JsonTree.write(AppCalls.QUIT.encode(new AppCalls.QuitResult()))).isEqualTo("{\"quitting\":true}");
    }

    @Test
    void paramsTellTheConsoleWhatTheyName() {
        Param target = WorkerCalls.STATUS.params().get(0);
        assertThat(target.kind()).isEqualTo(Param.Kind.TARGET);
        assertThat(target.synopsis()).isEqualTo("target?: \"all\" | app name | worker id | [ids]");
        assertThat(WorkerCalls.SIGNAL.params().stream().map(Param::kind))
                .containsExactly(Param.Kind.SIGNAL, Param.Kind.TARGET);
    }
}
