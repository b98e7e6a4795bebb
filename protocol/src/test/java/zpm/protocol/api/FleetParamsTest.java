package zpm.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import zpm.protocol.api.FleetCalls.NodeAnswer;
import zpm.protocol.api.FleetCalls.NodeFailure;
import zpm.protocol.api.FleetCalls.NodeRow;
import zpm.protocol.api.FleetCalls.NodesResult;
import zpm.protocol.api.FleetCalls.SpreadResult;
import zpm.protocol.api.TargetParam.NodeId;
import zpm.protocol.api.TargetParam.NodeIds;
import zpm.protocol.api.TargetParam.OnNode;
import zpm.protocol.jsonrpc.ErrorCode;
import zpm.protocol.jsonrpc.JsonTree;
import zpm.protocol.jsonrpc.RpcError;
import zpm.protocol.jsonrpc.RpcException;

/** The fleet's additions to the wire: qualified targets, node fields, {@code nodes}, unreachable nodes. */
class FleetParamsTest {

    private static TargetParam target(String json) throws IOException {
        return WorkerCalls.STATUS.decode(JsonTree.read("{\"target\": " + json + "}")).target();
    }

    @Test
    void aTargetMayNameItsNode() throws IOException {
        assertThat(target("\"b/web\"")).isEqualTo(new OnNode("b", new TargetParam.App("web")));
        assertThat(target("\"b/3\"")).isEqualTo(new OnNode("b", new TargetParam.Ids(List.of(3L))));
        assertThat(target("\"node-2.lan/all\"")).isEqualTo(new OnNode("node-2.lan", TargetParam.ALL));
        assertThat(target("[3, \"b/4\", \"c/4\"]")).isEqualTo(new NodeIds(List.of(new NodeId(null, 3),
                new NodeId("b", 4), new NodeId("c", 4))));
        assertThat(target("[3, 4]")).isEqualTo(new TargetParam.Ids(List.of(3L, 4L)));
        assertThat(target("\"web\"")).isEqualTo(new TargetParam.App("web"));
    }

    @Test
    void aQualifiedTargetWritesBackAsItWasGiven() throws IOException {
        for (String t : List.of("\"b/web\"", "\"b/3\"", "\"b/all\"", "[3,\"b/4\"]", "\"all\"", "\"web\"", "[3,4]")) {
            assertThat(JsonTree.write(target(t).toJson())).isEqualTo(t);
        }
    }

    @Test
    void aBadNodeOrAListOfAppsIsRefusedSayingWhatWasExpected() {
        for (String t : List.of("\"b c/web\"", "\"/web\"", "\"b/\"", "\"b/web/x\"", "[3, \"b/web\"]", "[\"web\"]")) {
            assertThatThrownBy(() -> target(t)).as(t).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                assertThat(e.getMessage()).startsWith("param \"target\" must be");
            });
        }
        assertThatThrownBy(() -> target("\"b c/web\"")).hasMessageContaining("NODE/APP");
    }

    @Test
    void appsStartTakesAnOptionalNode() throws IOException {
        assertThat(AppCalls.START.decode(JsonTree.read("{\"app\": {\"name\": \"w\"}, \"node\": \"b\"}")).node())
                .isEqualTo("b");
        assertThat(AppCalls.START.decode(JsonTree.read("{\"app\": {\"name\": \"w\"}}")).node()).isNull();
        assertThatThrownBy(() -> AppCalls.START.decode(JsonTree.read("{\"app\": {}, \"node\": \"a/b\"}")))
                .hasMessageContaining("param \"node\" must be a node name");
    }

    @Test
    void rowsCarryTheirNodeFirstAndFanOutResultsTheUnreachableNodes() {
        WorkerCalls.WorkerRow row = new WorkerCalls.WorkerRow("b", 7, 0, "web", 42L, "online", 5, 0, null, null, null,
                null, null, 0);
        String json = JsonTree.write(WorkerCalls.STATUS.encode(new WorkerCalls.WorkersResult(List.of(row),
                List.of(new NodeFailure("c", "did not answer within 3000 ms")))));
        assertThat(json).startsWith("{\"workers\":[{\"node\":\"b\",\"id\":7,")
                .endsWith("],\"unreachable\":[{\"node\":\"c\",\"error\":\"did not answer within 3000 ms\"}]}");
        String conn = JsonTree.write(WorkerCalls.CONNECTIONS.encode(new WorkerCalls.ConnectionsResult(
                List.of(new WorkerCalls.ConnectionRow("a", 1, "web", 0, 2, List.of(8080))), 2)));
        assertThat(conn).isEqualTo("{\"workers\":[{\"node\":\"a\",\"id\":1,\"app\":\"web\",\"slot\":0,\"connections\":2,"
                + "\"ports\":[8080]}],\"total\":2}");
        AppCalls.AppView app = new AppCalls.AppView("a", "web", "running", 1, 1, 1, null, JsonTree.of(java.util.Map.of()));
        assertThat(JsonTree.write(AppCalls.LIST.encode(new AppCalls.AppsResult(List.of(app), List.of()))))
                .startsWith("{\"apps\":[{\"node\":\"a\",\"name\":\"web\",").endsWith("\"unreachable\":[]}");
    }

    @Test
    void nodesListsEveryNodeAndIsReadOnly() {
        assertThat(MethodCatalog.find("nodes")).containsSame(FleetCalls.NODES);
        assertThat(FleetCalls.NODES.mutating()).isFalse();
        NodesResult r = new NodesResult(List.of(
                new NodeRow("a", "127.0.0.1:15701", "0.1.0", 900, 2, 4, "up", true),
                new NodeRow("c", "127.0.0.1:15703", "0.1.0", 800, null, null, "unreachable", false)));
        assertThat(JsonTree.write(FleetCalls.NODES.encode(r))).isEqualTo("{\"nodes\":["
                + "{\"name\":\"a\",\"address\":\"127.0.0.1:15701\",\"version\":\"0.1.0\",\"uptimeMs\":900,\"apps\":2,"
                + "\"workers\":4,\"state\":\"up\",\"self\":true},"
                + "{\"name\":\"c\",\"address\":\"127.0.0.1:15703\",\"version\":\"0.1.0\",\"uptimeMs\":800,\"apps\":null,"
                + "\"workers\":null,\"state\":\"unreachable\",\"self\":false}]}");
    }

    @Test
    void aSpreadChangeShowsEachNodesAnswer() {
        JsonNode ok = JsonTree.of(java.util.Map.of("stopped", List.of(3)));
        SpreadResult r = new SpreadResult(List.of(new NodeAnswer("a", ok, null),
                new NodeAnswer("b", null, RpcError.of(ErrorCode.TIMEOUT, "shutdown did not finish"))), null);
        assertThat(JsonTree.write(r.toJson())).isEqualTo("{\"nodes\":[{\"node\":\"a\",\"result\":{\"stopped\":[3]}},"
                + "{\"node\":\"b\",\"error\":{\"code\":-32014,\"message\":\"shutdown did not finish\"}}]}");
    }
}
