package zpm.repl.render;

import org.junit.jupiter.api.Test;
import zpm.protocol.event.LifecycleEvent;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.repl.render.StatusTableTest.json;

class EventLineTest {

    @Test
    void aWorkerEventShowsTimeTypeAppWorkerAndDetails() throws Exception {
        String e = "{\"seq\":42,\"ts\":\"2026-11-21T10:00:01.120Z\",\"type\":\"exit\",\"app\":\"web\","
                + "\"worker\":{\"id\":7,\"slot\":2,\"pid\":4242},\"code\":1,\"signal\":null,\"expected\":false,\"uptimeMs\":3200}";
        assertThat(EventLine.render(event(e), ZoneOffset.UTC, false))
                .isEqualTo("10:00:01.120 exit      web worker 7 slot 2 pid 4242  code=1 expected=false uptime=3s");
    }

    @Test
    void anAppEventHasNoWorkerAndListsAreSpelledOut() throws Exception {
        String e = "{\"seq\":3,\"ts\":\"2026-11-21T10:00:00Z\",\"type\":\"fork\",\"app\":\"web\","
                + "\"worker\":{\"id\":1,\"slot\":0,\"pid\":null},\"command\":[\"sleep\",\"100\"]}";
        assertThat(EventLine.render(event(e), ZoneOffset.UTC, false))
                .isEqualTo("10:00:00.000 fork      web worker 1 slot 0  command=[sleep 100]");
        String r = "{\"seq\":4,\"ts\":\"2026-11-21T10:00:00Z\",\"type\":\"resize\",\"app\":\"web\",\"from\":2,\"to\":4,\"done\":false}";
        assertThat(EventLine.render(event(r), ZoneOffset.UTC, false))
                .isEqualTo("10:00:00.000 resize    web  from=2 to=4 done=false");
    }

    @Test
    void anUnexpectedExitIsRedAnExpectedOnePlain() throws Exception {
        String bad = "{\"ts\":\"2026-11-21T10:00:00Z\",\"type\":\"exit\",\"app\":\"web\",\"expected\":false}";
        String fine = "{\"ts\":\"2026-11-21T10:00:00Z\",\"type\":\"exit\",\"app\":\"web\",\"expected\":true}";
        assertThat(EventLine.render(event(bad), ZoneOffset.UTC, true)).contains(Style.RED.apply("exit", true));
        assertThat(EventLine.render(event(fine), ZoneOffset.UTC, true)).doesNotContain(Style.RED.apply("exit", true));
    }

    private static LifecycleEvent event(String text) throws Exception {
        return LifecycleEvent.fromJson(json(text));
    }

    @Test
    void aTimeThatIsNotAnInstantIsShownAsItIs() {
        assertThat(EventLine.clock("yesterday", ZoneOffset.UTC)).isEqualTo("yesterday");
    }
}
