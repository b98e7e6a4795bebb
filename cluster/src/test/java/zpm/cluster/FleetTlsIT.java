package zpm.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.cluster.testing.Await;
import zpm.cluster.testing.Certs;
import zpm.cluster.testing.FleetNode;
import zpm.cluster.testing.NodeSpec;
import zpm.cluster.testing.RawRpc;
import zpm.cluster.testing.TestFleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Membership is guarded by the event bus's TLS, not by Hazelcast: next to a fleet of two, a node
 * whose certificate comes from another CA (r) and one without TLS (n) join Hazelcast's membership
 * on the same ports, yet are not listed, get no events and no answers. And the console shows the fleet.
 */
class FleetTlsIT {

    /** How long the outsiders are watched for a leak: several heartbeats and hello rounds. */
    static final Duration WATCH = Duration.ofSeconds(8);

    @TempDir
    static Path dir;

    static TestFleet fleet;
    static FleetNode rogue;
    static FleetNode plain;

    @BeforeAll
    static void form() throws Exception {
        fleet = TestFleet.prepare(dir, 4);
        String apps = TestFleet.sleepers(1);
        fleet.launch("a", fleet.port(0), apps);
        fleet.launch("b", fleet.port(1), apps);
        Certs.Tls rogueTls = Certs.authority(dir.resolve("rogue-ca")).node("r");
        rogue = fleet.addOther(NodeSpec.local("r", dir.resolve("r"), fleet.port(2), fleet.join(),
                fleet.writeConfig("r", rogueTls.yaml(), apps)));
        plain = fleet.addOther(NodeSpec.local("n", dir.resolve("n"), fleet.port(3), fleet.join(),
                fleet.writeConfig("n", null, apps)));
        fleet.awaitFormed(fleet.nodes(), Set.of("a", "b"));
        for (FleetNode outsider : List.of(rogue, plain)) {
            Await.until(outsider.name() + " and a connected on Hazelcast's ports", TestFleet.FORMING,
                    () -> hazelcastConnected(outsider, fleet.node("a")));
        }
    }

    @AfterAll
    static void end() {
        if (fleet != null) {
            fleet.close();
        }
    }

    /**
     * Whether the two JVMs hold a TCP connection between their Hazelcast ports, whichever side
     * opened it ({@code ss -tnp}): the outsider is in Hazelcast's membership traffic.
     */
    static boolean hazelcastConnected(FleetNode x, FleetNode y) {
        try {
            Process ss = new ProcessBuilder("ss", "-Htnp", "state", "established").redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes());
            ss.waitFor(10, TimeUnit.SECONDS);
            return out.lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length >= 5).anyMatch(f ->
                    opens(f, x, y) || opens(f, y, x));
        } catch (IOException e) {
            throw new AssertionError("ss: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An ss line (recv-q, send-q, local, peer, process) of {@code from}'s JVM to {@code to}'s member port. */
    private static boolean opens(String[] f, FleetNode from, FleetNode to) {
        return unmapped(f[3]).equals(to.spec.member()) && String.join(" ", f).contains("pid=" + from.pid() + ",");
    }

    /** {@code [::ffff:127.0.0.1]:5701} (an IPv4 peer of a dual-stack socket, as ss prints it) as {@code 127.0.0.1:5701}. */
    static String unmapped(String address) {
        return address.replace("[::ffff:", "").replace("]", "");
    }

    @Test
    void nodesWithoutTheFleetsCertificatesAreNotListedGetNoEventsAndNoAnswers() throws Exception {
        FleetNode a = fleet.node("a");
        try (RawRpc onA = a.raw(); RawRpc onRogue = rogue.raw(); RawRpc onPlain = plain.raw()) {
            for (RawRpc sub : List.of(onA, onRogue, onPlain)) {
                sub.subscribe(Map.of());
            }
            long id = a.call("status").path("workers").get(0).path("id").asLong();
            a.call("restart", Map.of("target", "a/" + id));
            onA.next("a's own fork", Duration.ofSeconds(30), r -> "a".equals(r.node()) && "fork".equals(r.type()));

            long end = System.nanoTime() + WATCH.toNanos();
            while (System.nanoTime() < end) {
                for (FleetNode member : fleet.nodes()) {
                    assertThat(TestFleet.upNames(member)).as("%s's nodes", member.name()).containsExactly("a", "b");
                }
                assertThat(TestFleet.upNames(rogue)).containsExactly("r");
                assertThat(TestFleet.upNames(plain)).containsExactly("n");
            }
            for (RawRpc outsider : List.of(onRogue, onPlain)) {
                assertThat(outsider.received()).extracting(RawRpc.Received::node).doesNotContain("a", "b");
            }
            assertThat(onA.received()).extracting(RawRpc.Received::node).doesNotContain("r", "n");
        }
        assertUnknown(a, "r/sleepers");
        assertUnknown(a, "n/sleepers");
        assertUnknown(rogue, "a/sleepers");
        assertUnknown(plain, "b/sleepers");
    }

    private static void assertUnknown(FleetNode from, String target) throws IOException {
        try (RawRpc rpc = from.raw()) {
            JsonNode answer = rpc.call("status", Map.of("target", target));
            assertThat(answer.path("error").path("code").asInt()).as("%s asked for %s: %s", from.name(), target, answer)
                    .isEqualTo(-32016);
        }
    }

    @Test
    void theConsoleShowsTheFleetWithANodeColumn() throws Exception {
        FleetNode b = fleet.node("b");
        Path out = dir.resolve("repl.out");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "zpm.repl.Main", "connect", b.rpcAddress(), "--token-file", b.tokenFile().toString(), "-c", "status"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("ZPM_TOKEN");
        pb.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString()); // never the real ~/.local/state
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("zpm-repl still running after 60 s: " + Files.readString(out));
        }
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).as(text).contains("NODE");
        // ids as NODE/ID once there is more than one node
        assertThat(lines).as(text).anyMatch(l -> l.matches("a\\s+a/\\d+\\s.*sleepers.*online.*"))
                .anyMatch(l -> l.matches("b\\s+b/\\d+\\s.*sleepers.*online.*"));
    }
}
