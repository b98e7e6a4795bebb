package zpm.agent.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import zpm.agent.os.OutputLine;
import zpm.protocol.jsonrpc.Notification;

class FollowedLinesTest {

    private final List<Runnable> scheduled = new ArrayList<>();
    private final AtomicInteger built = new AtomicInteger();
    private final PushQueue sub = new PushQueue("s1", 4, new PushStats());

    private long seq;

    /** The worker's next line. */
    private OutputLine line(String text) {
        return new OutputLine(1, 0, "web", OutputLine.OUT, Instant.EPOCH, text, seq++);
    }

    private FollowedLines followed(int capacity) {
        return new FollowedLines(l -> !l.text().startsWith("skip"), capacity, scheduled::add);
    }

    private void start(FollowedLines f, List<OutputLine> tail) {
        f.start(sub, tail, l -> {
            built.incrementAndGet();
            return new Notification("log", JsonNodeFactory.instance.textNode(l.text()));
        }, () -> { });
        sub.activate();
    }

    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (Notification n = sub.poll(); n != null; n = sub.poll()) {
            out.add(n.method().equals(PushQueue.DROPPED) ? "dropped " + n.params().get("dropped") : n.params().asText());
        }
        return out;
    }

    @Test
    void linesWrittenWhileTheTailWasReadAreSentOnceTheTailLeftOut() {
        FollowedLines f = followed(10);
        OutputLine older = line("older than the tail");
        OutputLine inTail = line("a");
        f.accept(older);
        f.accept(inTail);
        f.accept(line("skip me"));
        f.accept(line("b"));
        f.accept(line("a")); // the same text again is another line: sent
        f.accept(new OutputLine(2, 1, "web", OutputLine.OUT, Instant.EPOCH, "other worker", 0));
        assertThat(scheduled).as("nothing goes to the session before the subscription starts").isEmpty();
        // the tail as memory decodes it again: equal lines, other objects
        start(f, List.of(new OutputLine(1, 0, "web", OutputLine.OUT, Instant.EPOCH, "a", inTail.seq())));
        assertThat(sent()).containsExactly("b", "a", "other worker");
    }

    @Test
    void aFloodCostsOneTaskPerBatchAndTheOldestLinesGoWhenTheBufferIsFullTheGapReportedFirst() {
        FollowedLines f = followed(3);
        start(f, List.of());
        for (int i = 0; i < 5; i++) {
            f.accept(line("l" + i));
        }
        assertThat(scheduled).hasSize(1);
        scheduled.remove(0).run();
        assertThat(sent()).containsExactly("dropped 2", "l2", "l3", "l4");
        f.accept(line("l5"));
        assertThat(scheduled).hasSize(1);
        scheduled.remove(0).run();
        assertThat(sent()).containsExactly("l5");
    }

    @Test
    void linesWaitForRoomAsLinesNotAsJsonAndAllArriveOnceTheSubscriberReads() {
        FollowedLines f = followed(100);
        start(f, List.of());
        for (int i = 0; i < 50; i++) {
            f.accept(line("l" + i));
        }
        scheduled.remove(0).run();
        assertThat(built).as("the queue holds 4: only those became notifications").hasValue(4);
        List<String> all = sent(); // each time the queue is half written, the next lines come in
        assertThat(all).hasSize(50);
        assertThat(all.get(0)).isEqualTo("l0");
        assertThat(all.get(49)).isEqualTo("l49");
        assertThat(scheduled).as("refills need no task of their own").isEmpty();
    }

    @Test
    void theEndOfABurstAlwaysArrives() {
        FollowedLines f = followed(10);
        start(f, List.of());
        for (int i = 0; i < 1000; i++) {
            f.accept(line("l" + i));
        }
        f.accept(line("flood done"));
        scheduled.remove(0).run();
        List<String> all = sent();
        assertThat(all.get(0)).isEqualTo("dropped 991");
        assertThat(all.subList(1, all.size())).containsExactly("l991", "l992", "l993", "l994", "l995", "l996", "l997",
                "l998", "l999", "flood done");
    }
}
