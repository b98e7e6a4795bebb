package zpm.agent.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.local.Agent;
import zpm.protocol.event.EventHeader;
import zpm.protocol.event.LifecycleEvent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Event and log subscriptions over TCP with a real agent, and a subscriber that stops reading. */
class EventsRpcIT {

    @TempDir
    static Path state;

    static RpcFixture fx;

    @BeforeAll
    static void start() {
        fx = RpcFixture.start(state);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** The next {@code event} notification's event, skipping nothing else but answers. */
    private static JsonNode nextEvent(RawClient c, String subscription) {
        JsonNode n = c.read();
        assertThat(n).as("a notification").isNotNull();
        assertThat(n.path("method").asText()).isEqualTo("event");
        assertThat(n.path("params").path("subscription").asText()).isEqualTo(subscription);
        return n.path("params").path("event");
    }

    @Test
    void aSubscriberSeesResizeForkOnlineAndExitInOrderWithoutASeqGap() {
        try (RawClient c = fx.authed()) {
            String sub = c.result("events.subscribe", "{\"app\":\"sleepy\"}").get("subscription").asText();
            assertThat(sub).startsWith("s");
            assertThat(c.result("resize", "{\"app\":\"sleepy\",\"size\":3}").get("size").asInt()).isEqualTo(3);

            List<JsonNode> events = new ArrayList<>(c.notifications.stream()
                    .map(n -> n.path("params").path("event")).toList());
            while (events.size() < 4) {
                events.add(nextEvent(c, sub));
            }
            assertThat(events).extracting(e -> e.path("type").asText())
                    .containsExactly("resize", "fork", "online", "resize");
            assertThat(events.get(0).path("to").asInt()).isEqualTo(3);
            assertThat(events.get(3).path("done").asBoolean()).isTrue();

            WorkerInfo newest = Agent.await(fx.agent.status(Target.app("sleepy")), 10).stream()
                    .filter(w -> w.id() == events.get(1).path("worker").path("id").asLong()).findFirst().orElseThrow();
            Await.until("worker stable for 400 ms", () -> Agent.await(fx.agent.status(Target.ids(newest.id())), 10)
                    .get(0).uptimeMs() >= 400);
            ProcessHandle.of(newest.pid()).orElseThrow().destroyForcibly();
            for (String type : List.of("exit", "fork", "online")) {
                events.add(nextEvent(c, sub));
                assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo(type);
            }
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).path("seq").asLong()).isEqualTo(events.get(i - 1).path("seq").asLong() + 1);
            }
            assertThat(c.result("events.unsubscribe", "{\"subscription\":\"" + sub + "\"}").toString())
                    .isEqualTo("{\"unsubscribed\":true}");
            assertThat(c.call("events.unsubscribe", "{\"subscription\":\"" + sub + "\"}")
                    .path("error").path("code").asInt()).isEqualTo(-32602);
            c.result("resize", "{\"app\":\"sleepy\",\"size\":2}");
        }
    }

    @Test
    void eventsOfASubscriptionComeOnlyAfterTheAnswerThatNamesIt() {
        try (RawClient c = fx.authed()) {
            c.send("[" + RawClient.request(1, "events.subscribe", "{\"app\":\"sleepy\"}") + ","
                    + RawClient.request(2, "resize", "{\"app\":\"sleepy\",\"size\":3}") + "]");
            JsonNode batch = c.read();
            assertThat(batch.isArray()).as("the batch answer comes first: " + batch).isTrue();
            String sub = batch.get(0).path("result").path("subscription").asText();
            assertThat(nextEvent(c, sub).path("type").asText()).isEqualTo("resize");
            c.send(RawClient.request(3, "resize", "{\"app\":\"sleepy\",\"size\":2}"));
            Await.until("back to two workers", () -> c.readResponse().path("id").asInt() == 3);
        }
    }

    @Test
    void aTypeFilterLetsOnlyThoseTypesThroughAndUnknownTypesAreInvalid() {
        try (RawClient c = fx.authed()) {
            assertThat(c.call("events.subscribe", "{\"types\":[\"explode\"]}").path("error").path("message").asText())
                    .contains("unknown event type \"explode\"");
            String sub = c.result("events.subscribe", "{\"types\":[\"probe\"]}").get("subscription").asText();
            publish(InjectedEvents.event(1_000_000, "fork", "inject"));
            publish(InjectedEvents.event(1_000_001, "probe", "inject"));
            JsonNode e = nextEvent(c, sub);
            assertThat(e.path("seq").asLong()).isEqualTo(1_000_001);
        }
    }

    /**
     * A subscriber that stops reading: its queue stays at the bound, the overflow is counted,
     * and when it reads again it gets every kept event plus events.dropped saying how many were
     * lost, exactly where they were lost.
     */
    @Test
    void aSubscriberThatStopsReadingKeepsMemoryBoundedAndIsToldWhatItLost() {
        int n = 12_000;
        String pad = "x".repeat(2000);
        long droppedBefore = fx.servers.droppedEvents();
        try (RawClient c = RawClient.connect(fx.servers.tcpPort(), 4096)) {
            c.auth(fx.token);
            String sub = c.result("events.subscribe", "{\"types\":[\"probe\"]}").get("subscription").asText();
            // The test thread does not read while this many ~2 KB events are published.
            for (int i = 1; i <= n; i++) {
                publish(new LifecycleEvent.Probe(new EventHeader(2_000_000 + i, Instant.now(), "inject", null),
                        "inject", pad));
            }
            Await.until("some events dropped", () -> fx.servers.droppedEvents() > droppedBefore);
            assertThat(fx.servers.peakQueued()).isLessThanOrEqualTo(RpcLimits.SUBSCRIBER_QUEUE + 1);

            long received = 0;
            long dropped = 0;
            long lastSeq = 2_000_000;
            while (received + dropped < n) {
                JsonNode m = c.read();
                assertThat(m).isNotNull();
                JsonNode p = m.path("params");
                if (m.path("method").asText().equals("events.dropped")) {
                    assertThat(p.path("subscription").asText()).isEqualTo(sub);
                    dropped += p.path("dropped").asLong();
                    continue;
                }
                long seq = p.path("event").path("seq").asLong();
                // A gap in seq is exactly what the preceding events.dropped announced.
                assertThat(seq).isEqualTo(2_000_000 + received + dropped + 1);
                assertThat(seq).isGreaterThan(lastSeq);
                lastSeq = seq;
                received++;
            }
            assertThat(dropped).isPositive();
            assertThat(received).isGreaterThanOrEqualTo(RpcLimits.SUBSCRIBER_QUEUE);
            assertThat(fx.servers.droppedEvents() - droppedBefore).isEqualTo(dropped);
            assertThat(c.result("status", null).get("workers")).isNotEmpty();
        }
    }

    @Test
    void logsTailsAppsAndIdsFollowsNewLinesAndRefusesUnknownOnes() {
        Agent.await(fx.agent.addApp(AppSpec.of("talky", 1, List.of("sh", "-c",
                "echo hello-$ZPM_WORKER_ID; while true; do echo tick; sleep 0.05; done"))), 30);
        try (RawClient c = fx.authed()) {
            Await.until("three lines from talky", () -> c.result("logs", "{\"target\":\"talky\"}").get("lines").size() >= 3);
            JsonNode lines = c.result("logs", "{\"target\":\"talky\",\"lines\":1000}").get("lines");
            JsonNode first = lines.get(0);
            assertThat(first.path("app").asText()).isEqualTo("talky");
            assertThat(first.path("stream").asText()).isEqualTo("out");
            assertThat(first.path("text").asText()).isEqualTo("hello-" + first.path("workerId").asLong());
            assertThat(first.has("ts")).isTrue();
            long id = first.path("workerId").asLong();
            assertThat(c.result("logs", "{\"target\":" + id + ",\"lines\":2}").get("lines")).hasSize(2);
            assertThat(c.result("logs", "{\"target\":[" + id + "],\"lines\":3}").get("lines")).hasSize(3);
            assertThat(c.result("logs", "{\"lines\":2}").get("lines")).hasSize(2);

            assertThat(c.call("logs", "{\"target\":\"nope\"}").path("error").path("code").asInt()).isEqualTo(-32010);
            assertThat(c.call("logs", "{\"target\":999999}").path("error").path("code").asInt()).isEqualTo(-32011);

            JsonNode follow = c.result("logs", "{\"target\":\"talky\",\"lines\":0,\"follow\":true}");
            assertThat(follow.get("lines")).isEmpty();
            String sub = follow.get("subscription").asText();
            JsonNode n = c.read();
            assertThat(n.path("method").asText()).isEqualTo("log");
            assertThat(n.path("params").path("subscription").asText()).isEqualTo(sub);
            assertThat(n.path("params").path("line").path("text").asText()).isEqualTo("tick");
            c.send(RawClient.request(99, "events.unsubscribe", "{\"subscription\":\"" + sub + "\"}"));
            JsonNode r = c.readResponse();
            assertThat(r.path("result").path("unsubscribed").asBoolean()).isTrue();
        } finally {
            Agent.await(fx.agent.deleteApp("talky"), 30);
        }
    }

    private static void publish(LifecycleEvent event) {
        InjectedEvents.publish(fx.vertx, event);
    }
}
