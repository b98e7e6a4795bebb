package zpm.cli.monit;

import org.junit.jupiter.api.Test;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;
import zpm.protocol.event.WorkerRef;
import zpm.repl.testing.Samples;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static zpm.cli.monit.MonitLayoutTest.json;

class MonitModelTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    private static EventHeader at(String app, long id, int slot) {
        return new EventHeader(1, T, app, new WorkerRef(id, slot, 100 + id));
    }

    @Test
    void aStatusKeepsTheSelectionOnTheSameWorker() throws Exception {
        MonitModel m = new MonitModel(null);
        m.status(json(Samples.STATUS));
        m.move(2);
        assertThat(m.selectedApp()).isEqualTo("api");
        m.status(json("{\"workers\":[{\"id\":9,\"slot\":0,\"app\":\"api\"},{\"id\":1,\"slot\":0,\"app\":\"web\"}]}"));
        assertThat(m.selected()).isZero();
        m.status(json("{\"workers\":[{\"id\":1,\"slot\":0,\"app\":\"web\"}]}"));
        assertThat(m.selected()).isZero();
        assertThat(m.selectedApp()).isEqualTo("web");
    }

    @Test
    void workerEventsPatchTheRowsUntilTheNextStatus() throws Exception {
        MonitModel m = new MonitModel(null);
        m.status(json(Samples.STATUS));
        m.event(new LifecycleEvent.Fork(at("web", 12, 1), List.of("sleep")));
        assertThat(m.asStatus().path("workers")).extracting(w -> w.path("id").asLong()).containsExactly(1L, 7L, 12L, 9L);
        m.event(new LifecycleEvent.Online(at("web", 12, 1), 5));
        m.event(new LifecycleEvent.Exit(at("web", 1, 0), null, "TERM", true, 1000, null));
        assertThat(m.asStatus().path("workers").get(2).path("state").asText()).isEqualTo("online");
        assertThat(m.asStatus().path("workers").get(0).path("state").asText()).isEqualTo("exited");
        assertThat(m.events()).hasSize(3);
    }

    @Test
    void anAppFilterIgnoresOtherAppsForks() throws Exception {
        MonitModel m = new MonitModel("api");
        m.status(json("{\"workers\":[]}"));
        m.event(new LifecycleEvent.Fork(at("web", 12, 1), List.of("sleep")));
        assertThat(m.size()).isZero();
        assertThat(m.selectedApp()).isEqualTo("api");
    }

    @Test
    void aWorkersControlCharactersNeverReachTheTerminal() throws Exception {
        MonitModel m = new MonitModel(null);
        m.logLine(json("{\"app\":\"web\",\"text\":\"\\u001b[2Jclear\\tme\\r\"}"));
        assertThat(m.logLines().get(0).path("text").asText()).isEqualTo("?[2Jclear me?");
        assertThat(MonitModel.printable("\u001b[32mok\u001b[0m\n", true)).isEqualTo("\u001b[32mok\u001b[0m?");
    }

    @Test
    void keysReadArrowsInBothFormsLettersAndALoneEscape() throws IOException {
        assertThat(keys("\u001b[A\u001bOB\u001b[5~jkr+-q\u0003")).containsExactly(MonitKeys.Key.UP, MonitKeys.Key.DOWN,
                MonitKeys.Key.PAGE_UP, MonitKeys.Key.DOWN, MonitKeys.Key.UP, MonitKeys.Key.RESTART, MonitKeys.Key.PLUS,
                MonitKeys.Key.MINUS, MonitKeys.Key.QUIT, MonitKeys.Key.INTERRUPT, MonitKeys.Key.END);
        assertThat(keys("\u001b")).containsExactly(MonitKeys.Key.NO, MonitKeys.Key.END);
    }

    /** Keys of {@code bytes}; a read past them is a timeout once, then the end. */
    private static List<MonitKeys.Key> keys(String bytes) throws IOException {
        Deque<Integer> in = new ArrayDeque<>();
        bytes.chars().forEach(in::add);
        boolean[] timedOut = {false};
        MonitKeys.Source src = t -> {
            if (!in.isEmpty()) {
                return in.removeFirst();
            }
            if (!timedOut[0]) {
                timedOut[0] = true;
                return MonitKeys.TIMEOUT;
            }
            return -1;
        };
        List<MonitKeys.Key> out = new java.util.ArrayList<>();
        while (true) {
            MonitKeys.Key k = MonitKeys.next(src, 10);
            if (k != null) {
                out.add(k);
            }
            if (k == MonitKeys.Key.END) {
                return out;
            }
        }
    }
}
