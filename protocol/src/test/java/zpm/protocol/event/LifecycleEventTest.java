package zpm.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import zpm.protocol.event.LifecycleEvent.AppAction;
import zpm.protocol.event.LifecycleEvent.Restart;
import zpm.protocol.jsonrpc.JsonTree;

class LifecycleEventTest {

    private static final Instant TS = Instant.parse("2026-11-22T05:00:00.123456Z");
    private static final WorkerRef W = new WorkerRef(7, 0, 1234L);

    private static EventHeader worker(long seq) {
        return new EventHeader(seq, TS, "web", W);
    }

    private static EventHeader app(long seq) {
        return new EventHeader(seq, TS, "web", null);
    }

    /** One event of every type, with nulls where a type allows them. */
    static List<LifecycleEvent> oneOfEach() {
        return List.of(
                new LifecycleEvent.Fork(worker(1), List.of("java", "-jar", "web.jar")),
                new LifecycleEvent.Online(worker(2), 41),
                new LifecycleEvent.Listening(worker(3), 8080),
                new LifecycleEvent.Disconnect(worker(4), "restart"),
                new LifecycleEvent.Exit(worker(5), null, "KILL", false, 3200),
                new LifecycleEvent.Exit(worker(6), 0, null, true, 10),
                new LifecycleEvent.Resize(app(7), 1, 3, false),
                new Restart(new EventHeader(8, TS, null, null), Restart.Phase.BEGIN, List.of(3L, 4L), null, null,
                        List.of("web", "jobs")),
                new Restart(app(9), Restart.Phase.FAILED, List.of(3L), List.of(9L), "worker 9 did not come online",
                        List.of("web")),
                new LifecycleEvent.Backoff(worker(10), 2000, "code=1 after 20 ms, crash 2 in a row"),
                new LifecycleEvent.Fatal(app(11), "workers keep dying"),
                new LifecycleEvent.Danger(app(12), true, "worker 7 died after 20 ms"),
                new LifecycleEvent.Probe(worker(13), "liveness", "3 check(s) failed in a row"),
                new AppAction(app(14), AppAction.Action.START, 2),
                new AppAction(app(15), AppAction.Action.DELETE, null),
                new LifecycleEvent.Message(new EventHeader(16, TS, "web", new WorkerRef(1, 0, null)),
                        JsonNodeFactory.instance.arrayNode().add(1).add("x")),
                new LifecycleEvent.Exit(worker(17), null, "KILL", false, 262, "oom"),
                new LifecycleEvent.LogsUnwritable(new EventHeader(18, TS, null, null), "/var/lib/zpm/logs/web.out.log",
                        "No space left on device (/var/lib/zpm/logs/web.out.log)", 14),
                new LifecycleEvent.LogsResumed(new EventHeader(19, TS, null, null), "/var/lib/zpm/logs/web.out.log", 5120),
                new LifecycleEvent.NodeJoined(new EventHeader(20, TS, "a", null, null), "b", "127.0.0.1:15702"),
                new LifecycleEvent.NodeLeft(new EventHeader(21, TS, "a", null, null), "b", "127.0.0.1:15702",
                        "removed from the cluster membership"));
    }

    @Test
    void anExitWritesItsReasonOnlyWhenItHasOne() {
        assertThat(JsonTree.write(oneOfEach().get(16).toJson()))
                .endsWith("\"code\":null,\"signal\":\"KILL\",\"expected\":false,\"uptimeMs\":262,\"reason\":\"oom\"}");
        assertThat(JsonTree.write(oneOfEach().get(4).toJson())).doesNotContain("reason");
    }

    @Test
    void theWireFormHasTheCommonFieldsThenTheTypesFieldsInOrder() {
        LifecycleEvent e = new LifecycleEvent.Exit(new EventHeader(42, TS, "web", W), 1, null, false, 3200);
        assertThat(JsonTree.write(e.toJson())).isEqualTo("{\"seq\":42,\"ts\":\"2026-11-22T05:00:00.123456Z\","
                + "\"type\":\"exit\",\"app\":\"web\",\"worker\":{\"id\":7,\"slot\":0,\"pid\":1234},"
                + "\"code\":1,\"signal\":null,\"expected\":false,\"uptimeMs\":3200}");
        LifecycleEvent m = new LifecycleEvent.Message(worker(6), JsonNodeFactory.instance.objectNode().put("k", "v"));
        assertThat(m.toString()).isEqualTo("#6 message app=web worker=7 slot=0 pid=1234 data={\"k\":\"v\"}");
    }

    @Test
    void aRestartWritesStartedAndReasonOnlyWhenItHasThem() {
        assertThat(JsonTree.write(oneOfEach().get(7).toJson())).endsWith(
                "\"type\":\"restart\",\"phase\":\"begin\",\"ids\":[3,4],\"apps\":[\"web\",\"jobs\"]}");
        assertThat(JsonTree.write(oneOfEach().get(8).toJson())).endsWith("\"phase\":\"failed\",\"ids\":[3],"
                + "\"started\":[9],\"reason\":\"worker 9 did not come online\",\"apps\":[\"web\"]}");
        assertThat(JsonTree.write(oneOfEach().get(14).toJson())).endsWith("\"type\":\"app\",\"app\":\"web\",\"action\":\"delete\"}");
    }

    @Test
    void everyTypeReadsBackAsTheSameRecordFromItsText() throws Exception {
        for (LifecycleEvent e : oneOfEach()) {
            LifecycleEvent back = LifecycleEvent.fromJson(JsonTree.read(JsonTree.write(e.toJson())));
            assertThat(back).as(e.toString()).isEqualTo(e);
            assertThat(back.type()).isEqualTo(e.type());
        }
    }

    @Test
    void everyEventTypeHasARecordAndARoundTripCase() {
        Set<EventType> covered = oneOfEach().stream().map(LifecycleEvent::type).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(EventType.values());
        assertThat(LifecycleEvent.class.getPermittedSubclasses()).hasSize(EventType.values().length);
        assertThat(Arrays.stream(EventType.values()).map(EventType::wireName))
                .containsExactly("fork", "online", "listening", "disconnect", "exit", "resize", "restart", "backoff",
                        "fatal", "danger", "probe", "app", "message", "logs-unwritable", "logs-resumed", "node-joined",
                        "node-left");
    }

    @Test
    void theNodeComesAfterTheTimeAndReadsBack() throws Exception {
        LifecycleEvent e = new LifecycleEvent.Online(new EventHeader(3, TS, "b", "web", W), 41);
        String text = JsonTree.write(e.toJson());
        assertThat(text).startsWith("{\"seq\":3,\"ts\":\"2026-11-22T05:00:00.123456Z\",\"node\":\"b\",\"type\":\"online\"");
        assertThat(LifecycleEvent.fromJson(JsonTree.read(text)).node()).isEqualTo("b");
        assertThat(LifecycleEvent.fromJson(JsonTree.read(text))).isEqualTo(e);
        assertThat(JsonTree.write(new LifecycleEvent.Online(worker(3), 41).toJson())).doesNotContain("node");
    }

    @Test
    void nodeEventsAreAgentWideAndNameThePeer() {
        assertThat(JsonTree.write(oneOfEach().get(20).toJson())).isEqualTo("{\"seq\":21,\"ts\":\"2026-11-22T05:00:00.123456Z\","
                + "\"node\":\"a\",\"type\":\"node-left\",\"peer\":\"b\",\"address\":\"127.0.0.1:15702\","
                + "\"reason\":\"removed from the cluster membership\"}");
        assertThat(JsonTree.write(oneOfEach().get(19).toJson())).endsWith(
                "\"node\":\"a\",\"type\":\"node-joined\",\"peer\":\"b\",\"address\":\"127.0.0.1:15702\"}");
        assertThat(EventType.fromWire("node-left")).isEqualTo(EventType.NODE_LEFT);
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        assertThatThrownBy(() -> LifecycleEvent.fromJson(JsonTree.read("{\"seq\":1,\"ts\":\"2026-11-22T05:00:00Z\",\"type\":\"boom\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boom");
        assertThatThrownBy(() -> LifecycleEvent.fromJson(JsonTree.read("{\"seq\":1,\"ts\":\"yesterday\",\"type\":\"fork\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ts");
    }
}
