package zpm.cluster;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.fleet.NodeChange;
import zpm.agent.fleet.NodeView;
import zpm.cluster.NodeWire.Hello;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which Hazelcast members are nodes of the fleet. Hazelcast's open-source membership has no
 * authentication: anyone who reaches a member port joins it and may claim any node name in its
 * attribute. So a member becomes a node only once a {@code hello} to {@code zpm.node.<name>}
 * came back over the fleet's (TLS) event bus from that very member address; until then it is
 * never listed, announced or answered. Used on the fleet's context only; {@link #nodes()} may be
 * read from any thread.
 */
final class Members {

    private static final Logger log = LoggerFactory.getLogger(Members.class);

    /** How long one hello may take: the first TLS exchange with a new node took 5-6.5 s under load. */
    static final long HELLO_TIMEOUT_MS = 10_000;
    /** Failed hellos before an unproven member is logged (once). */
    static final int WARN_AFTER = 3;
    static final long MAX_RETRY_MS = 10_000;

    /** A Hazelcast member: its UUID, the node name it claims (null: none), its address host:port. */
    record Member(String uuid, String name, String address) {
    }

    /** Sends {@code hello} to {@code zpm.node.<name>}. */
    interface Prover {
        Future<Hello> hello(String name, long timeoutMs);
    }

    /** Runs a task later on the fleet's context. */
    interface Timer {
        void later(long ms, Runnable task);
    }

    private record Verified(String uuid, NodeView view) {
    }

    private final NodeView self;
    private final Prover prover;
    private final Timer timer;
    private final Consumer<NodeChange> changes;
    private final Map<String, Member> present = new HashMap<>();
    private final Map<String, Verified> verified = new HashMap<>();
    private final Set<String> warned = new HashSet<>();
    private volatile List<NodeView> snapshot;
    private boolean closed;

    Members(NodeView self, Prover prover, Timer timer, Consumer<NodeChange> changes) {
        this.self = self;
        this.prover = prover;
        this.timer = timer;
        this.changes = changes;
        this.snapshot = List.of(self);
    }

    /** Every verified node and this one, sorted by name. Any thread. */
    List<NodeView> nodes() {
        return snapshot;
    }

    /** The verified node of that name (or this one), else null. Any thread. */
    NodeView node(String name) {
        for (NodeView n : snapshot) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** A member joined Hazelcast's membership: prove it before it counts. */
    void added(Member m) {
        if (closed || present.containsKey(m.uuid())) {
            return;
        }
        present.put(m.uuid(), m);
        if (m.name() == null) {
            warnOnce(m, "member " + m.address() + " carries no zpm node name (not a zpm agent?); it is not a node");
            return;
        }
        prove(m, 0);
    }

    /** A member left Hazelcast's membership; a verified one leaves the fleet. */
    void removed(Member m, String reason) {
        present.remove(m.uuid());
        warned.remove(m.uuid());
        Verified v = m.name() == null ? null : verified.get(m.name());
        if (v != null && v.uuid().equals(m.uuid())) {
            verified.remove(m.name());
            publish();
            changes.accept(new NodeChange(false, v.view(), reason));
        }
    }

    /**
     * This member merged back into the cluster after a split: members seen before and gone now
     * leave, new ones are proven, and unproven ones are asked again at once.
     */
    void merged(List<Member> current) {
        Set<String> now = new HashSet<>();
        current.forEach(m -> now.add(m.uuid()));
        for (Member m : new ArrayList<>(present.values())) {
            if (!now.contains(m.uuid())) {
                removed(m, "not in the cluster after it healed");
            }
        }
        for (Member m : current) {
            if (!present.containsKey(m.uuid())) {
                added(m);
            } else if (m.name() != null && !isVerified(m)) {
                prove(m, 0);
            }
        }
    }

    /** Stops proving; nodes stay as they are (the fleet is closing). */
    void close() {
        closed = true;
    }

    /** This member is gone from the cluster: every node leaves with {@code reason}, nothing is proven any more. */
    void lost(String reason) {
        closed = true;
        for (Member m : new ArrayList<>(present.values())) {
            removed(m, reason);
        }
    }

    private boolean isVerified(Member m) {
        Verified v = verified.get(m.name());
        return v != null && v.uuid().equals(m.uuid());
    }

    private void prove(Member m, int attempt) {
        prover.hello(m.name(), HELLO_TIMEOUT_MS).onComplete(ar -> proved(m, attempt, ar));
    }

    private void proved(Member m, int attempt, AsyncResult<Hello> ar) {
        if (closed || !m.equals(present.get(m.uuid())) || isVerified(m)) {
            return;
        }
        if (ar.succeeded() && ar.result().name().equals(m.name()) && ar.result().address().equals(m.address())) {
            verify(m, ar.result());
            return;
        }
        if (attempt + 1 >= WARN_AFTER) {
            warnOnce(m, "member " + m.address() + " claims node name " + m.name() + " but " + why(m, ar)
                    + "; it is not a node of the fleet");
        }
        timer.later(retryDelay(attempt), () -> {
            if (!closed && m.equals(present.get(m.uuid())) && !isVerified(m)) {
                prove(m, attempt + 1);
            }
        });
    }

    private static String why(Member m, AsyncResult<Hello> ar) {
        if (ar.succeeded()) {
            return "the node answering to that name is at " + ar.result().address();
        }
        if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
            return "has not answered over the fleet's event bus within " + HELLO_TIMEOUT_MS
                    + " ms (no certificate from the fleet's CA?)";
        }
        return "its hello failed: " + ar.cause().getMessage();
    }

    static long retryDelay(int attempt) {
        return Math.min(MAX_RETRY_MS, 1_000L << Math.min(attempt, 4));
    }

    private void verify(Member m, Hello h) {
        NodeView view = new NodeView(m.name(), m.address(), h.version(), h.startedAtMs(), false);
        Verified previous = verified.put(m.name(), new Verified(m.uuid(), view));
        warned.remove(m.uuid());
        publish();
        if (previous != null) {
            // The same name proven by a new member: the old one was its previous life.
            changes.accept(new NodeChange(false, previous.view(), "it came back as a new member"));
        }
        changes.accept(new NodeChange(true, view, null));
    }

    private void publish() {
        List<NodeView> all = new ArrayList<>();
        all.add(self);
        verified.values().forEach(v -> all.add(v.view()));
        all.sort(Comparator.comparing(NodeView::name));
        snapshot = List.copyOf(all);
    }

    private void warnOnce(Member m, String message) {
        if (warned.add(m.uuid())) {
            log.warn(message);
        }
    }

    /** What a hello to this node's own name, sent before it answers there itself, tells. */
    enum NameCheck { FREE, TAKEN, PREVIOUS_LIFE, UNPROVEN }

    /**
     * The duplicate-name rule: an answer from another address means the name is taken by a node
     * with the fleet's certificates; an answer from this member's own address can only come from
     * its previous life (this process holds the port now); no handler means free; no answer
     * means a holder that cannot prove itself (a rogue member or one dying): not a reason to
     * refuse, or a rogue could lock a name out.
     */
    static NameCheck nameCheck(AsyncResult<Hello> outcome, String myAddress) {
        if (outcome.succeeded()) {
            return outcome.result().address().equals(myAddress) ? NameCheck.PREVIOUS_LIFE : NameCheck.TAKEN;
        }
        if (outcome.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            return NameCheck.FREE;
        }
        return NameCheck.UNPROVEN;
    }
}
