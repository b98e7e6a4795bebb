package zpm.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;
import zpm.agent.fleet.NodeChange;
import zpm.agent.fleet.NodeView;
import zpm.cluster.Members.Member;
import zpm.cluster.Members.NameCheck;
import zpm.cluster.NodeWire.Hello;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MembersTest {

    private static final NodeView SELF = new NodeView("a", "127.0.0.1:1", "v", 0, true);

    /** Hellos stay pending until the test answers; timers run when the test says so. */
    private final Map<String, List<Promise<Hello>>> hellos = new HashMap<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<NodeChange> changes = new ArrayList<>();
    private final Members members = new Members(SELF, this::hello, (ms, task) -> timers.add(task), changes::add);

    private Future<Hello> hello(String name, long timeoutMs) {
        Promise<Hello> p = Promise.promise();
        hellos.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
        return p.future();
    }

    private void answer(String name, String address) {
        last(name).complete(new Hello(name, address, "v2", 42, 7));
    }

    private Promise<Hello> last(String name) {
        List<Promise<Hello>> l = hellos.get(name);
        return l.get(l.size() - 1);
    }

    private static Member member(String uuid, String name, String address) {
        return new Member(uuid, name, address);
    }

    private List<String> names() {
        return members.nodes().stream().map(NodeView::name).toList();
    }

    @Test
    void aMemberIsANodeOnlyOnceItAnsweredFromItsOwnAddress() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        assertThat(names()).containsExactly("a");
        assertThat(changes).isEmpty();

        answer("b", "127.0.0.1:2");

        assertThat(names()).containsExactly("a", "b");
        assertThat(members.node("b").version()).isEqualTo("v2");
        assertThat(members.node("b").startedAtMs()).isEqualTo(42);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.joined()).isTrue();
            assertThat(c.node().address()).isEqualTo("127.0.0.1:2");
        });
    }

    @Test
    void anUnprovenMemberIsNeverListedAndAskedAgainLater() {
        members.added(member("u9", "rogue", "10.0.0.9:5701"));
        for (int i = 0; i < 5; i++) {
            last("rogue").fail(new ReplyException(ReplyFailure.TIMEOUT, "timeout"));
            assertThat(timers).hasSize(i + 1);
            timers.get(i).run();
        }
        assertThat(hellos.get("rogue")).hasSize(6);
        assertThat(names()).containsExactly("a");
        assertThat(changes).isEmpty();
    }

    @Test
    void aMemberClaimingANameAnotherNodeAnswersForIsNotThatNode() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        answer("b", "127.0.0.1:2");
        members.added(member("u9", "b", "10.0.0.9:5701")); // a rogue with b's name in its attribute
        answer("b", "127.0.0.1:2");                       // the real b answers
        assertThat(members.nodes()).filteredOn(n -> n.name().equals("b")).singleElement()
                .satisfies(n -> assertThat(n.address()).isEqualTo("127.0.0.1:2"));
        assertThat(changes).hasSize(1);
        members.removed(member("u9", "b", "10.0.0.9:5701"), "removed");
        assertThat(names()).containsExactly("a", "b"); // the rogue leaving is not b leaving
    }

    @Test
    void aMemberWithoutANodeNameIsIgnored() {
        members.added(member("u3", null, "127.0.0.1:3"));
        assertThat(hellos).isEmpty();
        assertThat(names()).containsExactly("a");
    }

    @Test
    void aVerifiedNodeLeavesWithTheReasonAnUnverifiedOneSilently() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        answer("b", "127.0.0.1:2");
        members.added(member("u2", "c", "127.0.0.1:3"));
        members.removed(member("u2", "c", "127.0.0.1:3"), "removed from the cluster membership");
        members.removed(member("u1", "b", "127.0.0.1:2"), "removed from the cluster membership");
        assertThat(names()).containsExactly("a");
        assertThat(changes).extracting(NodeChange::joined).containsExactly(true, false);
        assertThat(changes.get(1).reason()).isEqualTo("removed from the cluster membership");
        answer("c", "127.0.0.1:3"); // too late: c is gone
        assertThat(names()).containsExactly("a");
    }

    @Test
    void aNodeBackAsANewMemberReplacesItsPreviousLife() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        answer("b", "127.0.0.1:2");
        members.added(member("u2", "b", "127.0.0.1:2")); // restarted before u1 was removed
        answer("b", "127.0.0.1:2");
        assertThat(changes).extracting(NodeChange::joined).containsExactly(true, false, true);
        members.removed(member("u1", "b", "127.0.0.1:2"), "removed");
        assertThat(names()).containsExactly("a", "b");
        assertThat(changes).hasSize(3);
    }

    @Test
    void afterAMergeGoneMembersLeaveAndNewOnesAreProven() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        answer("b", "127.0.0.1:2");
        members.merged(List.of(member("u5", "b", "127.0.0.1:2"), member("u6", "c", "127.0.0.1:3")));
        assertThat(names()).containsExactly("a");
        answer("b", "127.0.0.1:2");
        answer("c", "127.0.0.1:3");
        assertThat(names()).containsExactly("a", "b", "c");
        assertThat(changes).extracting(NodeChange::joined).containsExactly(true, false, true, true);
    }

    @Test
    void whenThisMemberIsLostEveryNodeLeavesAndNothingIsProvenAnyMore() {
        members.added(member("u1", "b", "127.0.0.1:2"));
        answer("b", "127.0.0.1:2");
        members.added(member("u2", "c", "127.0.0.1:3"));
        members.lost("this node's cluster member shut down");
        answer("c", "127.0.0.1:3");
        members.added(member("u4", "d", "127.0.0.1:4"));
        assertThat(names()).containsExactly("a");
        assertThat(changes).extracting(NodeChange::joined).containsExactly(true, false);
        assertThat(hellos).doesNotContainKey("d");
    }

    @Test
    void theNameCheckRefusesOnlyAProvenHolderElsewhere() {
        Hello b = new Hello("b", "127.0.0.1:2", "v", 0, 1);
        assertThat(Members.nameCheck(Future.succeededFuture(b), "127.0.0.1:9")).isEqualTo(NameCheck.TAKEN);
        assertThat(Members.nameCheck(Future.succeededFuture(b), "127.0.0.1:2")).isEqualTo(NameCheck.PREVIOUS_LIFE);
        assertThat(Members.nameCheck(Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "none")),
                "127.0.0.1:9")).isEqualTo(NameCheck.FREE);
        assertThat(Members.nameCheck(Future.failedFuture(new ReplyException(ReplyFailure.TIMEOUT, "late")),
                "127.0.0.1:9")).isEqualTo(NameCheck.UNPROVEN);
    }

    @Test
    void retriesBackOffToTenSeconds() {
        assertThat(Members.retryDelay(0)).isEqualTo(1_000);
        assertThat(Members.retryDelay(1)).isEqualTo(2_000);
        assertThat(Members.retryDelay(3)).isEqualTo(8_000);
        assertThat(Members.retryDelay(4)).isEqualTo(10_000);
        assertThat(Members.retryDelay(40)).isEqualTo(10_000);
    }
}
