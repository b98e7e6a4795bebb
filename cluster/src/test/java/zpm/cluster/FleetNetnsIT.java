package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.cluster.testing.Await;
import zpm.cluster.testing.FleetNode;
import zpm.cluster.testing.NetNamespace;
import zpm.cluster.testing.NodeSpec;
import zpm.cluster.testing.RawRpc;
import zpm.cluster.testing.TestFleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node on its own address in its own network namespace (as on another host), the other on this
 * host's end of a veth pair: both beyond loopback, so TLS; Hazelcast binds only the given
 * address. Skipped where the test cannot make a namespace (not root, no {@code ip netns}).
 */
class FleetNetnsIT {

    @TempDir
    static Path dir;

    static NetNamespace ns;
    static TestFleet fleet;

    @BeforeAll
    static void form() throws Exception {
        try {
            ns = NetNamespace.create();
        } catch (IOException e) {
            Assumptions.abort("cannot make a network namespace here (needs root and ip netns): " + e.getMessage());
        }
        fleet = TestFleet.prepare(dir, 2);
        List<String> join = List.of(ns.hostAddress + ":" + fleet.port(0), ns.innerAddress + ":" + fleet.port(1));
        String apps = TestFleet.sleepers(1);
        Path aConfig = fleet.writeConfig("a", fleet.ca.node("a", ns.hostAddress).yaml(), apps);
        fleet.add(new NodeSpec("a", dir.resolve("a"), dir.resolve("a/state"), ns.hostAddress, fleet.port(0), join,
                aConfig, List.of(), List.of(), "127.0.0.1"));
        Path wConfig = fleet.writeConfig("w", fleet.ca.node("w", ns.innerAddress).yaml(), apps);
        fleet.add(new NodeSpec("w", dir.resolve("w"), dir.resolve("w/state"), ns.innerAddress, fleet.port(1), join,
                wConfig, ns.wrapper(), List.of(), "127.0.0.1"));
        // w's JSON-RPC listens on the namespace's own loopback: the test asks a only
        fleet.awaitFormed(List.of(fleet.node("a")), Set.of("a", "w"));
    }

    @AfterAll
    static void end() {
        if (fleet != null) {
            fleet.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void aNodeInItsOwnNamespaceIsListedAndDrivenOverTheVethAddresses() throws Exception {
        FleetNode a = fleet.node("a");
        FleetNode w = fleet.node("w");
        JsonNode rows = a.call("nodes").path("nodes");
        assertThat(rows).extracting(r -> r.path("name").asText() + "@" + r.path("address").asText())
                .containsExactly("a@" + fleet.join().get(0).replace("127.0.0.1", ns.hostAddress),
                        "w@" + ns.innerAddress + ":" + fleet.port(1));
        List<Long> wPids = w.awaitWorkers("sleepers", 1);
        JsonNode status = a.call("status");
        assertThat(status.path("workers")).filteredOn(r -> "w".equals(r.path("node").asText()))
                .extracting(r -> r.path("pid").asLong()).containsExactlyElementsOf(wPids);

        try (RawRpc onA = a.raw()) {
            onA.subscribe(Map.of());
            a.call("restart", Map.of("target", "w/sleepers"));
            onA.next("w's fork on a", Duration.ofSeconds(30), r -> "w".equals(r.node()) && "fork".equals(r.type()));
        }
        Await.until("w's worker replaced", () -> !w.workerPids("sleepers").equals(wPids));
    }

    @Test
    void hazelcastListensOnTheGivenAddressOnly() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport", "=", ":" + fleet.port(0)).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes());
        ss.waitFor(10, TimeUnit.SECONDS);
        List<String> listeners = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(listeners).as(out).hasSize(1);
        assertThat(FleetTlsIT.unmapped(listeners.get(0))).contains(" " + ns.hostAddress + ":" + fleet.port(0) + " ");
    }
}
