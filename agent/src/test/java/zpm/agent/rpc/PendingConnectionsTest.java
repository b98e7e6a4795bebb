package zpm.agent.rpc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PendingConnectionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Integer> evicted = new ArrayList<>();
    private final PendingConnections<Integer> pending = new PendingConnections<>("test", evicted::add, now::get);

    private void admit(int from, int to) {
        for (int i = from; i < to; i++) {
            pending.admit(i);
        }
    }

    @Test
    void pastTheBudgetTheOldestIsClosedOnceItsGraceIsOver() {
        admit(0, RpcLimits.MAX_UNAUTHENTICATED + 10);
        assertThat(evicted).as("all still in their grace").isEmpty();
        now.addAndGet(RpcLimits.UNAUTHENTICATED_GRACE.toMillis());
        pending.admit(-1);
        assertThat(evicted).hasSize(11).startsWith(0, 1, 2);
        assertThat(pending.size()).isEqualTo(RpcLimits.MAX_UNAUTHENTICATED);
    }

    @Test
    void atTheHardCapTheOldestIsClosedAtOnce() {
        admit(0, RpcLimits.MAX_UNAUTHENTICATED_HARD + 5);
        assertThat(evicted).containsExactly(0, 1, 2, 3, 4);
        assertThat(pending.size()).isEqualTo(RpcLimits.MAX_UNAUTHENTICATED_HARD);
    }

    @Test
    void anAuthenticatedOrClosedConnectionLeavesAndIsNeverClosedForRoom() {
        admit(0, 3);
        assertThat(pending.leave(0)).isTrue();
        assertThat(pending.leave(0)).isFalse();
        admit(3, RpcLimits.MAX_UNAUTHENTICATED_HARD + 3);
        assertThat(evicted).containsExactly(1, 2);
    }
}
