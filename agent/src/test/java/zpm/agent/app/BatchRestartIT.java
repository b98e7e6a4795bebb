package zpm.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code restart} with {@code batch} over JSON-RPC (TCP) on a real agent with real workers. */
class BatchRestartIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedAgents started = new StartedAgents();

    @Test
    void aBatchOfTwoReplacesTwoWorkersAtATimeInSlotOrder() throws Exception {
        // Readiness passes only while the "go" file exists: the test holds replacements in starting.
        Path go = Files.createFile(dir.resolve("go"));
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: web
                    command: [sleep, "100000"]
                    size: 4
                    readiness: {type: exec, command: [test, -f, "%s"], intervalMs: 50, timeoutMs: 60000}
                """.formatted(go));
        AgentProcess a = started.add(AgentProcess.start(dir, config));
        a.awaitWorkers("web", 4);
        try (ZpmClient c = a.client()) {
            Await.until("4 online", () -> states(c).stream().filter("online"::equals).count() == 4);
            List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
            c.subscribe(List.of("fork", "exit", "restart"), "web", events::add);
            Files.delete(go);

            CompletableFuture<JsonNode> done = c.callAsync("restart", Map.of("target", "web", "batch", 2));
            Await.until("two replacements starting at once", () -> states(c).stream()
                    .filter("starting"::equals).count() == 2);
            assertThat(states(c)).as("the old four still serve").filteredOn("online"::equals).hasSize(4);
            Files.createFile(go);
            JsonNode r = done.get(120, TimeUnit.SECONDS);

            assertThat(r.get("replaced")).hasSize(4);
            assertThat(r.get("started")).hasSize(4);
            Await.until("the restart's done event", () -> events.stream().anyMatch(e ->
                    e instanceof LifecycleEvent.Restart x && x.phase() == LifecycleEvent.Restart.Phase.DONE));
            assertInFlightAtMostTwoInSlotOrder(events, r);
        }
    }

    private static List<String> states(ZpmClient c) {
        List<String> states = new ArrayList<>();
        c.call("status", Map.of("target", "web")).get("workers").forEach(w -> states.add(w.get("state").asText()));
        return states;
    }

    /** Replacements forked minus old workers gone never exceeds 2; the forks go slot 0 and 1, then 2 and 3. */
    private static void assertInFlightAtMostTwoInSlotOrder(List<LifecycleEvent> events, JsonNode r) {
        Set<Long> olds = new HashSet<>();
        r.get("replaced").forEach(id -> olds.add(id.asLong()));
        Set<Long> news = new HashSet<>();
        r.get("started").forEach(id -> news.add(id.asLong()));
        int inFlight = 0;
        int max = 0;
        List<Integer> slots = new ArrayList<>();
        for (LifecycleEvent e : events) {
            long id = e.worker() == null ? -1 : e.worker().id();
            if (e instanceof LifecycleEvent.Fork && news.contains(id)) {
                slots.add(e.worker().slot());
                max = Math.max(max, ++inFlight);
            } else if (e instanceof LifecycleEvent.Exit && olds.contains(id)) {
                inFlight--;
            }
        }
        assertThat(max).as("replacements in flight, events %s", events).isLessThanOrEqualTo(2);
        assertThat(slots).hasSize(4);
        assertThat(slots.subList(0, 2)).containsExactlyInAnyOrder(0, 1);
        assertThat(slots.subList(2, 4)).containsExactlyInAnyOrder(2, 3);
    }
}
