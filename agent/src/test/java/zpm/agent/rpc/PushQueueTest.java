package zpm.agent.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import zpm.protocol.jsonrpc.Notification;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionTest {

    private final PushStats stats = new PushStats();
    private final PushQueue sub = new PushQueue("s1", 3, stats);

    private static Notification event(int n) {
        return new Notification("event", JsonNodeFactory.instance.objectNode().put("n", n));
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (Notification n = sub.poll(); n != null; n = sub.poll()) {
            out.add(n.method().equals("event") ? "e" + n.params().get("n").asInt()
                    : "dropped " + n.params().get("dropped").asLong() + " " + n.params().get("subscription").asText());
        }
        return out;
    }

    @Test
    void aHeldSubscriptionQueuesButSendsNothingUntilActivated() {
        sub.offer(event(1));
        assertThat(sub.poll()).isNull();
        sub.activate();
        assertThat(drain()).containsExactly("e1");
    }

    @Test
    void aFullQueueDropsNewOnesCountsThemAndReportsTheGapWhereItWas() {
        sub.activate();
        for (int i = 1; i <= 6; i++) {
            sub.offer(event(i));
        }
        assertThat(sub.queued()).isEqualTo(3);
        assertThat(stats.droppedNotifications()).isEqualTo(3);
        assertThat(sub.poll().params().get("n").asInt()).isEqualTo(1);
        sub.offer(event(7));
        assertThat(drain()).containsExactly("e2", "e3", "dropped 3 s1", "e7");
        assertThat(stats.peakQueued()).isLessThanOrEqualTo(4);
    }

    @Test
    void dropsWithNothingAfterThemAreReportedOnceTheQueueDrains() {
        sub.activate();
        for (int i = 1; i <= 5; i++) {
            sub.offer(event(i));
        }
        assertThat(drain()).containsExactly("e1", "e2", "e3", "dropped 2 s1");
        assertThat(drain()).isEmpty();
    }

    @Test
    void cancelRunsTheCancelActionAndEmptiesTheQueue() {
        List<String> cancelled = new ArrayList<>();
        sub.onCancel(() -> cancelled.add("yes"));
        sub.offer(event(1));
        sub.cancel();
        assertThat(cancelled).containsExactly("yes");
        assertThat(sub.queued()).isZero();
    }
}
