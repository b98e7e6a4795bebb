package zpm.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zpm.agent.api.SupervisorApi;
import zpm.agent.bus.EventMessageCodec;
import zpm.protocol.event.EventAddresses;
import zpm.protocol.event.LifecycleEvent;

/**
 * The fleet's node changes become the supervisor's node-joined/node-left; the other nodes' events
 * go on the agent's own bus at zpm.fleet.events (and per app), this node's own never twice.
 */
class NodeEventsWiringTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void nodeChangesAndRemoteEventsReachTheAgentsOwnStreams() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        SupervisorApi sup = (SupervisorApi) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SupervisorApi.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "node" -> "a";
                    case "nodeJoined" -> {
                        told.add("joined " + args[0] + " " + args[1]);
                        yield Future.succeededFuture();
                    }
                    case "nodeLeft" -> {
                        told.add("left " + args[0] + " " + args[2]);
                        yield Future.succeededFuture();
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        EventMessageCodec.registerOn(vertx.eventBus());
        List<LifecycleEvent> all = new CopyOnWriteArrayList<>();
        List<LifecycleEvent> web = new CopyOnWriteArrayList<>();
        vertx.eventBus().<LifecycleEvent>consumer(EventAddresses.FLEET, m -> all.add(m.body()))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.eventBus().<LifecycleEvent>consumer(EventAddresses.fleetForApp("web"), m -> web.add(m.body()))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Heard fleet = new Heard();
        NodeEvents.wire(fleet, sup, vertx);

        NodeView b = new NodeView("b", "127.0.0.1:7711", "1", 0, false);
        fleet.nodes.accept(new NodeChange(true, b, null));
        fleet.nodes.accept(new NodeChange(false, b, "removed from the cluster membership"));
        assertThat(told).containsExactly("joined b 127.0.0.1:7711", "left b removed from the cluster membership");

        fleet.events.accept(event("a", 7)); // its own: already on the local addresses
        fleet.events.accept(event("b", 8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((all.isEmpty() || web.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(10); // bus deliveries come on the event loop; the condition is the wait
        }
        assertThat(all).extracting(LifecycleEvent::seq).containsExactly(8L);
        assertThat(web).extracting(LifecycleEvent::node).containsExactly("b");
    }

    /** A fleet that keeps the listeners given to it, for the test to call. */
    private static final class Heard implements Fleet {
        Consumer<NodeChange> nodes;
        Consumer<LifecycleEvent> events;

        @Override
        public String self() {
            return "a";
        }

        @Override
        public List<NodeView> nodes() {
            return List.of();
        }

        @Override
        public Future<com.fasterxml.jackson.databind.JsonNode> call(String node, String method,
                com.fasterxml.jackson.databind.JsonNode params, zpm.agent.rpc.Access access, long timeoutMs) {
            return Future.failedFuture("not called here");
        }

        @Override
        public Runnable onEvent(Consumer<LifecycleEvent> listener) {
            events = listener;
            return () -> { };
        }

        @Override
        public Runnable onNodes(Consumer<NodeChange> listener) {
            nodes = listener;
            return () -> { };
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    private static LifecycleEvent event(String node, long seq) {
        return LifecycleEvent.fromJson(JsonNodeFactory.instance.objectNode().put("seq", seq)
                .put("ts", Instant.now().toString()).put("node", node).put("type", "fork").put("app", "web"));
    }
}
