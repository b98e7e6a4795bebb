package zpm.agent.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class WorkerLogsTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static OutputLine line(long worker, String app, int second, String text) {
        return new OutputLine(worker, 0, app, OutputLine.OUT, T0.plusSeconds(second), text);
    }

    @Test
    void keepsOnlyTheLastLinesOfAWorker() {
        WorkerLogs logs = new WorkerLogs(3, 1000, 10);
        logs.started(1, "web");
        for (int i = 0; i < 10; i++) {
            logs.append(line(1, "web", i, "l" + i));
        }

        assertThat(logs.tail(1, 100)).extracting(OutputLine::text).containsExactly("l7", "l8", "l9");
        assertThat(logs.tail(1, 2)).extracting(OutputLine::text).containsExactly("l8", "l9");
        assertThat(logs.tail(1, 0)).isEmpty();
        assertThat(logs.tail(99, 5)).isEmpty();
    }

    @Test
    void boundsCharactersTooButKeepsTheNewestLine() {
        WorkerLogs logs = new WorkerLogs(100, 10, 10);
        logs.started(1, "web");
        logs.append(line(1, "web", 0, "12345"));
        logs.append(line(1, "web", 1, "67890"));
        logs.append(line(1, "web", 2, "abc"));
        assertThat(logs.tail(1, 100)).extracting(OutputLine::text).containsExactly("67890", "abc");

        logs.append(line(1, "web", 3, "x".repeat(50)));
        assertThat(logs.tail(1, 100)).extracting(OutputLine::text).containsExactly("x".repeat(50));
    }

    /** One read of a pipe: the lines as the splitter makes them. */
    private static LineBatch read(long worker, long firstSeq, String... texts) {
        List<LineBatch> out = new java.util.ArrayList<>();
        LineSplitter s = new LineSplitter(LineSplitter.DEFAULT_MAX_LINE_BYTES, (bytes, starts, ends) ->
                out.add(new LineBatch(worker, 0, "web", OutputLine.OUT, T0.toEpochMilli(), firstSeq, bytes, starts, ends)));
        byte[] b = (String.join("\r\n", texts) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
        return out.get(0);
    }

    @Test
    void readsOfManyLinesAreKeptInPartAtTheOldEndAndDecodedWithTheirNumbers() {
        WorkerLogs logs = new WorkerLogs(5, 1000, 10);
        logs.started(1, "web");
        logs.append(read(1, 0, "a0", "a1", "a2", "a3"));
        logs.append(read(1, 4, "b4", "b5", "b6"));
        assertThat(logs.tail(1, 100)).extracting(OutputLine::text).containsExactly("a2", "a3", "b4", "b5", "b6");
        assertThat(logs.tail(1, 100)).extracting(OutputLine::seq).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(logs.tail(1, 2)).extracting(OutputLine::text).containsExactly("b5", "b6");
        logs.append(read(1, 7, "c7", "c8", "c9", "c10", "c11", "c12"));
        assertThat(logs.tail(1, 100)).extracting(OutputLine::text).containsExactly("c8", "c9", "c10", "c11", "c12");

        WorkerLogs small = new WorkerLogs(100, 13, 10); // a line weighs its bytes with its line end: 5 + 4 + 4
        small.started(1, "web");
        small.append(read(1, 0, "aaa", "bbb", "ccc"));
        small.append(read(1, 3, "ddd"));
        assertThat(small.tail(1, 100)).extracting(OutputLine::text).containsExactly("bbb", "ccc", "ddd");
    }

    @Test
    void keepsOnlyTheMostRecentEndedWorkers() {
        WorkerLogs logs = new WorkerLogs(10, 1000, 2);
        for (long id = 1; id <= 4; id++) {
            logs.started(id, "web");
            logs.append(line(id, "web", (int) id, "w" + id));
        }
        logs.ended(1);
        logs.ended(2);
        logs.ended(3);

        assertThat(logs.tail(1, 10)).isEmpty();
        assertThat(logs.tail(2, 10)).extracting(OutputLine::text).containsExactly("w2");
        assertThat(logs.tail(3, 10)).extracting(OutputLine::text).containsExactly("w3");
        assertThat(logs.tail(4, 10)).extracting(OutputLine::text).containsExactly("w4");
        assertThat(logs.bufferCount()).isEqualTo(3);
    }

    @Test
    void linesOfAnUnknownWorkerReachListenersButAreNotKept() {
        WorkerLogs logs = new WorkerLogs();
        List<OutputLine> seen = new ArrayList<>();
        logs.addListener(seen::add);
        logs.addListener(l -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });

        logs.append(line(5, "web", 0, "hello"));

        assertThat(seen).extracting(OutputLine::text).containsExactly("hello");
        assertThat(logs.tail(5, 10)).isEmpty();
        assertThat(logs.bufferCount()).isZero();
    }

    @Test
    void tailOfAppMergesWorkersByTimeAndSkipsOtherApps() {
        WorkerLogs logs = new WorkerLogs();
        logs.started(1, "web");
        logs.started(2, "web");
        logs.started(3, "db");
        logs.append(line(1, "web", 1, "a1"));
        logs.append(line(2, "web", 2, "b2"));
        logs.append(line(3, "db", 3, "db3"));
        logs.append(line(1, "web", 4, "a4"));
        logs.append(line(2, "web", 5, "b5"));

        assertThat(logs.tailOfApp("web", 10)).extracting(OutputLine::text).containsExactly("a1", "b2", "a4", "b5");
        assertThat(logs.tailOfApp("web", 3)).extracting(OutputLine::text).containsExactly("b2", "a4", "b5");
        assertThat(logs.tailOfApp("none", 3)).isEmpty();
    }

    @Test
    void removedListenerHearsNothingMore() {
        WorkerLogs logs = new WorkerLogs();
        List<OutputLine> seen = new ArrayList<>();
        Consumer<OutputLine> listener = seen::add;
        logs.addListener(listener);
        logs.removeListener(listener);

        logs.append(line(1, "web", 0, "x"));

        assertThat(seen).isEmpty();
    }
}
