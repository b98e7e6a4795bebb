package zpm.cluster.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a subscriber of a fleet received, checked: each node's {@code seq} gapless, and a restart
 * of an app across nodes rolling (one node after the other, each within its batch).
 */
public final class FleetEvents {

    private final Map<String, List<JsonNode>> byNode = new TreeMap<>();

    public FleetEvents(List<RawRpc.Received> received) {
        for (RawRpc.Received r : received) {
            byNode.computeIfAbsent(r.node(), n -> new ArrayList<>()).add(r.event());
        }
        byNode.values().forEach(l -> l.sort(Comparator.comparingLong(e -> e.path("seq").asLong())));
    }

    public Set<String> nodes() {
        return byNode.keySet();
    }

    /** Every node's events, from the first received to the last, are numbered without a gap or repeat. */
    public void assertGaplessPerNode() {
        byNode.forEach((node, events) -> {
            long first = events.get(0).path("seq").asLong();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).path("seq").asLong()).as("seq of event %d of node %s: %s", i, node, events)
                        .isEqualTo(first + i);
            }
        });
    }

    /** The node's {@code restart} event of {@code app} in {@code phase}, or null. */
    public JsonNode restart(String node, String app, String phase) {
        for (JsonNode e : byNode.getOrDefault(node, List.of())) {
            if ("restart".equals(e.path("type").asText()) && app.equals(e.path("app").asText())
                    && phase.equals(e.path("phase").asText())) {
                return e;
            }
        }
        return null;
    }

    /**
     * The restart of {@code app} went one node after the other (each node's begin..done apart
     * from the others', by the same host's clock), and on each node at most {@code batch}
     * replacements were in flight, each online before its old worker's exit: so fleet-wide at
     * most {@code batch} workers of the app were being replaced at once.
     */
    public void assertRolling(String app, int batch, Set<String> nodes) {
        List<Instant[]> spans = new ArrayList<>();
        for (String node : nodes) {
            JsonNode begin = restart(node, app, "begin");
            JsonNode done = restart(node, app, "done");
            assertThat(begin).as("restart begin of %s on %s", app, node).isNotNull();
            assertThat(done).as("restart done of %s on %s", app, node).isNotNull();
            spans.add(new Instant[] {Instant.parse(begin.path("ts").asText()), Instant.parse(done.path("ts").asText())});
            assertReplacementsWithinBatch(node, begin, done, batch);
        }
        spans.sort(Comparator.comparing(s -> s[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("a node's restart began before the previous node's was done")
                    .isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
    }

    private void assertReplacementsWithinBatch(String node, JsonNode begin, JsonNode done, int batch) {
        Set<Long> old = ids(begin.path("ids"));
        Set<Long> started = ids(done.path("started"));
        int forked = 0;
        int online = 0;
        int exited = 0;
        for (JsonNode e : byNode.get(node)) {
            long seq = e.path("seq").asLong();
            if (seq < begin.path("seq").asLong() || seq > done.path("seq").asLong()) {
                continue;
            }
            long id = e.path("worker").path("id").asLong(-1);
            switch (e.path("type").asText()) {
                case "fork" -> forked += started.contains(id) ? 1 : 0;
                case "online" -> online += started.contains(id) ? 1 : 0;
                case "exit" -> {
                    if (old.contains(id)) {
                        exited++;
                        assertThat(online).as("replacements online on %s before old worker %d exited", node, id)
                                .isGreaterThanOrEqualTo(exited);
                    }
                }
                default -> {
                }
            }
            assertThat(forked - exited).as("replacements in flight on %s at seq %d", node, seq).isLessThanOrEqualTo(batch);
        }
        assertThat(exited).as("old workers of %s that exited on %s", begin.path("ids"), node).isEqualTo(old.size());
    }

    private static Set<Long> ids(JsonNode array) {
        Set<Long> ids = new HashSet<>();
        array.forEach(id -> ids.add(id.asLong()));
        return ids;
    }
}
