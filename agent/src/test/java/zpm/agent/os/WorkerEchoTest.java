package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerEchoTest {

    private long now = 5_000;
    private final List<String> log = new ArrayList<>();
    private final WorkerEcho echo = new WorkerEcho(() -> now, log::add);

    private void print(String app, String text) {
        echo.lines(LineBatch.of(new OutputLine(7, 0, app, OutputLine.OUT, Instant.EPOCH, text), 0));
    }

    @Test
    void aFastWorkerGetsAFewLinesASecondAndOneLineSayingHowManyWereLeftOut() {
        for (int i = 0; i < 1_000; i++) {
            print("yes", "y" + i);
        }
        print("other", "hello");
        assertThat(log).hasSize(WorkerEcho.LINES_PER_SECOND + 1)
                .startsWith("app=yes worker=7 stream=out y0")
                .endsWith("app=other worker=7 stream=out hello");
        now += 1_000;
        print("yes", "later");
        assertThat(log.subList(WorkerEcho.LINES_PER_SECOND + 1, log.size())).containsExactly(
                "app=yes ... 980 lines not echoed here (20 a second per app; 'logs' has them)",
                "app=yes worker=7 stream=out later");
    }

    @Test
    void aLongLineIsCutInTheEcho() {
        print("big", "x".repeat(20_000));
        assertThat(log.get(0)).hasSize("app=big worker=7 stream=out ".length() + WorkerEcho.MAX_CHARS + 3).endsWith("x...");
    }
}
