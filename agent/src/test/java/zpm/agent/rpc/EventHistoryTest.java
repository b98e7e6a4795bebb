package zpm.agent.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventHistoryTest {

    private final EventHistory history = new EventHistory(5);

    private void add(long from, long to) {
        for (long s = from; s <= to; s++) {
            history.add(InjectedEvents.event(s, "fork", "web"));
        }
    }

    @Test
    void keepsTheLastEventsOnly() {
        add(1, 12);
        assertThat(history.size()).isEqualTo(5);
        assertThat(history.since(0).events()).extracting(e -> e.seq()).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void aResumeWithinTheHistoryLosesNothing() {
        add(1, 12);
        EventHistory.Slice s = history.since(9);
        assertThat(s.lost()).isZero();
        assertThat(s.events()).extracting(e -> e.seq()).containsExactly(10L, 11L, 12L);
        assertThat(history.since(12).events()).isEmpty();
        assertThat(history.since(7).lost()).isZero();
    }

    @Test
    void aResumeOlderThanTheHistoryCountsTheLostEvents() {
        add(1, 12);
        EventHistory.Slice s = history.since(3);
        assertThat(s.lost()).isEqualTo(4);
        assertThat(s.events()).hasSize(5);
    }

    @Test
    void anIdFromAPreviousAgentLifeGetsEverythingKept() {
        add(1, 3);
        EventHistory.Slice s = history.since(500);
        assertThat(s.lost()).isZero();
        assertThat(s.events()).hasSize(3);
        assertThat(new EventHistory(5).since(4).events()).isEmpty();
    }
}
