package zpm.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import zpm.protocol.jsonrpc.JsonTree;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final Instant ts = Instant.parse("2026-11-22T05:00:00.123456Z");

    @Test
    void theWireFormHasTheCommonFieldsThenTheDetailsInOrder() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", 1);
        details.put("signal", null);
        details.put("expected", false);
        details.put("ids", List.of(3L, 4L));
        details.put("data", JsonNodeFactory.instance.objectNode().put("k", "v"));
        LifecycleEvent e = new LifecycleEvent(42, ts, EventType.EXIT, "web", new WorkerRef(7, 0, 1234L), details);
        assertThat(codec.toJsonString(e)).isEqualTo("{\"seq\":42,\"ts\":\"2026-11-22T05:00:00.123456Z\","
                + "\"type\":\"exit\",\"app\":\"web\",\"worker\":{\"id\":7,\"slot\":0,\"pid\":1234},"
                + "\"code\":1,\"signal\":null,\"expected\":false,\"ids\":[3,4],\"data\":{\"k\":\"v\"}}");
        assertThat(e.toString()).contains("data={\"k\":\"v\"}");
    }

    @Test
    void readingTheWireFormBackGivesTheSameEventWithPlainDetails() throws Exception {
        LifecycleEvent e = new LifecycleEvent(5, ts, EventType.RESIZE, "web", null,
                Map.of("from", 1, "to", 3));
        LifecycleEvent back = codec.fromJson(JsonTree.read(codec.toJsonString(e)));
        assertThat(back).isEqualTo(e);

        LifecycleEvent withTree = new LifecycleEvent(6, ts, EventType.MESSAGE, "web", new WorkerRef(1, 0, null),
                Map.of("data", JsonNodeFactory.instance.arrayNode().add(1).add("x")));
        assertThat(codec.fromJson(codec.toJson(withTree)).detail("data")).isEqualTo(List.of(1, "x"));
        assertThat(codec.fromJson(codec.toJson(withTree)).worker().pid()).isNull();
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        assertThatThrownBy(() -> codec.fromJson(JsonTree.read("{\"seq\":1,\"ts\":\"2026-11-22T05:00:00Z\",\"type\":\"boom\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boom");
    }
}
