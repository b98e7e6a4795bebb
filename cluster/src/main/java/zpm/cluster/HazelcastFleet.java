package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zpm.agent.config.HostPort;
import zpm.agent.fleet.Fleet;
import zpm.agent.fleet.LocalNode;
import zpm.agent.fleet.NodeChange;
import zpm.agent.fleet.NodeNameTaken;
import zpm.agent.fleet.NodeView;
import zpm.agent.rpc.Access;
import zpm.protocol.event.LifecycleEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The fleet over the clustered event bus: a verticle on the clustered Vert.x (never the agent's
 * own), so all its state lives on one context. Joining ({@link #start()}) refuses a node name a
 * proven node holds, then answers on {@code zpm.node.<name>}, bridges events and watches
 * Hazelcast's membership through {@link Members}.
 */
final class HazelcastFleet extends VerticleBase implements Fleet {

    private static final Logger log = LoggerFactory.getLogger(HazelcastFleet.class);
    /**
     * How long the duplicate-name hello waits for the holder of the name: as long as any hello, for
     * a first TLS exchange under load took 5-6.5 s, and a holder answering late must still refuse
     * the newcomer. Only a holder that cannot answer (a rogue, a frozen node) costs this wait.
     */
    static final long NAME_CHECK_TIMEOUT_MS = Members.HELLO_TIMEOUT_MS;
    static final String REMOVED = "removed from the cluster membership";

    private final HazelcastClusterManager cluster;
    private final LocalNode local;
    private final List<Consumer<NodeChange>> nodeListeners = new CopyOnWriteArrayList<>();
    private volatile Members members;
    private Forwarder forwarder;
    private EventBridge bridge;
    private NodeEndpoint endpoint;
    private UUID membershipRegistration;
    private UUID lifecycleRegistration;
    private boolean closing;

    HazelcastFleet(HazelcastClusterManager cluster, LocalNode local) {
        this.cluster = cluster;
        this.local = local;
    }

    @Override
    public Future<?> start() {
        HazelcastInstance hz = cluster.getHazelcastInstance();
        String me = address(hz.getCluster().getLocalMember());
        EventBus bus = vertx.eventBus();
        NodeView self = new NodeView(local.name(), me, local.version(), local.startedAtMs(), true);
        members = new Members(self, this::hello, (ms, task) -> vertx.setTimer(ms, id -> task.run()), this::changed);
        forwarder = new Forwarder(this::request, members::node);
        bridge = new EventBridge(local.name(), context, n -> !n.equals(local.name()) && members.node(n) != null);
        endpoint = new NodeEndpoint(local, new NodeWire.Hello(local.name(), me, local.version(), local.startedAtMs(),
                ProcessHandle.current().pid()), context);
        return checkName(me)
                .compose(v -> endpoint.register(bus))
                .compose(v -> bridge.start(bus, local))
                .onSuccess(v -> watch(hz));
    }

    /** Refuses this node's name when a proven node (another address) answers to it. */
    private Future<Void> checkName(String me) {
        Promise<Void> checked = Promise.promise();
        hello(local.name(), NAME_CHECK_TIMEOUT_MS).onComplete(ar -> {
            switch (Members.nameCheck(ar, me)) {
                case TAKEN -> checked.fail(new NodeNameTaken("node name " + local.name()
                        + " is taken by the node at " + ar.result().address() + "; choose another --node"));
                case UNPROVEN -> {
                    log.warn("a member holds node name {} on the fleet's bus but did not prove itself ({}); "
                            + "this node takes the name", local.name(), ar.cause().getMessage());
                    checked.complete();
                }
                default -> checked.complete();
            }
        });
        return checked.future();
    }

    private void watch(HazelcastInstance hz) {
        membershipRegistration = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                Members.Member m = member(e.getMember());
                context.runOnContext(v -> members.added(m));
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                Members.Member m = member(e.getMember());
                context.runOnContext(v -> members.removed(m, REMOVED));
            }
        });
        lifecycleRegistration = hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleState.MERGED) {
                List<Members.Member> now = others(hz);
                context.runOnContext(v -> members.merged(now));
            } else if (e.getState() == LifecycleState.SHUTTING_DOWN) {
                context.runOnContext(v -> memberLost());
            }
        });
        others(hz).forEach(members::added);
    }

    /**
     * Hazelcast shut this member down without {@link #close()} (e.g. a merge it could not do):
     * every node leaves, and this node itself is reported as left (a change with {@code self}
     * true) so that the agent can drop this fleet and join again; its supervision goes on.
     */
    private void memberLost() {
        if (closing) {
            return;
        }
        String reason = "this node's cluster member shut down";
        log.warn("fleet: {}; the agent goes on alone", reason);
        members.lost(reason);
        NodeView self = members.node(local.name());
        nodeListeners.forEach(l -> l.accept(new NodeChange(false, self, reason)));
    }

    private static List<Members.Member> others(HazelcastInstance hz) {
        List<Members.Member> all = new ArrayList<>();
        Member me = hz.getCluster().getLocalMember();
        for (Member m : hz.getCluster().getMembers()) {
            if (!m.equals(me)) {
                all.add(member(m));
            }
        }
        return all;
    }

    static Members.Member member(Member m) {
        return new Members.Member(m.getUuid().toString(), m.getAttribute(HazelcastConfigs.NODE_ATTRIBUTE), address(m));
    }

    private static String address(Member m) {
        return new HostPort(m.getAddress().getHost(), m.getAddress().getPort()).toString();
    }

    private Future<NodeWire.Hello> hello(String node, long timeoutMs) {
        return request(NodeWire.address(node), NodeWire.helloRequest(), timeoutMs).map(NodeWire::hello);
    }

    private Future<Object> request(String address, String body, long timeoutMs) {
        return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs)).map(Message::body);
    }

    private void changed(NodeChange c) {
        if (c.joined()) {
            log.info("fleet: node {} joined ({})", c.node().name(), c.node().address());
        } else {
            log.info("fleet: node {} left ({}): {}", c.node().name(), c.node().address(), c.reason());
            forwarder.nodeLeft(c.node().name(), c.reason());
        }
        nodeListeners.forEach(l -> l.accept(c));
    }

    @Override
    public String self() {
        return local.name();
    }

    @Override
    public List<NodeView> nodes() {
        return members.nodes();
    }

    @Override
    public Future<JsonNode> call(String node, String method, JsonNode params, Access access, long timeoutMs) {
        return callRows(node, method, params, access, timeoutMs, null);
    }

    @Override
    public Future<JsonNode> callRows(String node, String method, JsonNode params, Access access, long timeoutMs,
                                     String key) {
        if (node.equals(local.name())) {
            return local.call(method, params, access);
        }
        Promise<JsonNode> p = Promise.promise();
        context.runOnContext(v -> forwarder.call(node, method, params, access, timeoutMs, names(), key).onComplete(p));
        return p.future();
    }

    private List<String> names() {
        return members.nodes().stream().map(NodeView::name).toList();
    }

    @Override
    public Runnable onEvent(Consumer<LifecycleEvent> listener) {
        return bridge.onEvent(listener);
    }

    @Override
    public Runnable onNodes(Consumer<NodeChange> listener) {
        nodeListeners.add(listener);
        return () -> nodeListeners.remove(listener);
    }

    /** Leaves: pending calls fail, the consumers go, then the clustered Vert.x (and Hazelcast) closes. */
    @Override
    public Future<Void> close() {
        Promise<Void> stopped = Promise.promise();
        context.runOnContext(v -> {
            closing = true;
            members.close();
            forwarder.closeAll();
            nodeListeners.clear();
            unwatch();
            Future.join(bridge.stop(), endpoint.unregister()).onComplete(x -> stopped.complete());
        });
        return stopped.future().transform(x -> vertx.close());
    }

    private void unwatch() {
        HazelcastInstance hz = cluster.getHazelcastInstance();
        if (hz == null || !hz.getLifecycleService().isRunning()) {
            return;
        }
        if (membershipRegistration != null) {
            hz.getCluster().removeMembershipListener(membershipRegistration);
        }
        if (lifecycleRegistration != null) {
            hz.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
        }
    }
}
