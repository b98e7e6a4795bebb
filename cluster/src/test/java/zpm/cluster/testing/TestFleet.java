package zpm.cluster.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real agent JVMs clustered on 127.0.0.1, TLS on the event bus with certificates from a CA made
 * for the fleet: each its own directory, state directory and ports, started in parallel, each
 * naming every member in its join list. Ends every process it started, by pid.
 *
 * <pre>{@code
 * fleet = TestFleet.start(dir, List.of("a", "b", "c"), TestFleet.sleepers(2));
 * fleet.node("b").call("status");
 * }</pre>
 */
public final class TestFleet implements AutoCloseable {

    /** Forming takes 5-10 s per node on two idle cores, in parallel; a loaded machine needs more. */
    public static final Duration FORMING = Duration.ofSeconds(120);

    public final Path dir;
    public final Certs ca;
    private final Map<String, FleetNode> members = new LinkedHashMap<>();
    private final List<FleetNode> others = new ArrayList<>();
    private final List<String> join;

    private TestFleet(Path dir, Certs ca, List<String> join) {
        this.dir = dir;
        this.ca = ca;
        this.join = List.copyOf(join);
    }

    /** Apps of every node: {@code sleepers}, {@code size} workers of {@code sleep}. */
    public static String sleepers(int size) {
        return "apps:\n  - name: sleepers\n    command: [sleep, \"100000\"]\n    size: " + size + "\n";
    }

    /** Starts one node per name in parallel and waits until every node lists all of them, up. */
    public static TestFleet start(Path dir, List<String> names, String apps) throws IOException {
        TestFleet fleet = prepare(dir, names.size());
        try {
            for (int i = 0; i < names.size(); i++) {
                fleet.launch(names.get(i), fleet.port(i), apps);
            }
            fleet.awaitFormed(fleet.nodes(), Set.copyOf(names));
            return fleet;
        } catch (RuntimeException | Error | IOException e) {
            fleet.close();
            throw e;
        }
    }

    /** A fleet CA and {@code size} free member ports, nothing started yet. */
    public static TestFleet prepare(Path dir, int size) throws IOException {
        Certs ca = Certs.authority(dir.resolve("fleet-ca"));
        List<String> join = new ArrayList<>();
        for (int port : freePorts(size)) {
            join.add("127.0.0.1:" + port);
        }
        return new TestFleet(dir, ca, join);
    }

    /** The i-th member port of the join list. */
    public int port(int i) {
        return Integer.parseInt(join.get(i).substring(join.get(i).lastIndexOf(':') + 1));
    }

    public List<String> join() {
        return join;
    }

    /** Starts a member of the fleet (its certificate from the fleet's CA) on {@code port}. */
    public FleetNode launch(String name, int port, String apps) throws IOException {
        Path config = writeConfig(name, ca.node(name).yaml(), apps);
        return add(NodeSpec.local(name, dir.resolve(name), port, join, config));
    }

    /** Starts the node of {@code spec} as a member (closed with the fleet). */
    public FleetNode add(NodeSpec spec) throws IOException {
        FleetNode node = FleetNode.start(spec);
        synchronized (this) {
            members.put(spec.name(), node);
        }
        return node;
    }

    /** Starts a JVM that is not a member of the fleet (a rogue, a duplicate); closed with the fleet. */
    public FleetNode addOther(NodeSpec spec) throws IOException {
        FleetNode node = FleetNode.start(spec);
        synchronized (this) {
            others.add(node);
        }
        return node;
    }

    /**
     * {@code dir/<name>/zpm.yaml}: the apps, and {@code agent.cluster.tls} when {@code tlsYaml} is
     * not null (a node without it runs the event bus in clear, which loopback allows).
     */
    public Path writeConfig(String name, String tlsYaml, String apps) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(name));
        String agent = tlsYaml == null ? "" : "agent:\n  cluster:\n    tls: " + tlsYaml + "\n";
        return Files.writeString(nodeDir.resolve("zpm.yaml"), agent + apps);
    }

    public synchronized FleetNode node(String name) {
        FleetNode n = members.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name + " in " + members.keySet());
        }
        return n;
    }

    public synchronized List<FleetNode> nodes() {
        return List.copyOf(members.values());
    }

    /** Replaces the entry of a node started again under its name (the old JVM stays closable by the caller). */
    public synchronized void replace(FleetNode node) {
        FleetNode old = members.put(node.name(), node);
        if (old != null) {
            others.add(old);
        }
    }

    /** The names in the node's {@code nodes} answer whose state is "up". */
    public static Set<String> upNames(FleetNode node) {
        Set<String> names = new TreeSet<>();
        for (JsonNode row : node.call("nodes").path("nodes")) {
            if ("up".equals(row.path("state").asText())) {
                names.add(row.path("name").asText());
            }
        }
        return names;
    }

    /** Waits until each of {@code nodes} lists exactly {@code names}, all up; on time-out, says what it last saw. */
    public void awaitFormed(List<FleetNode> nodes, Set<String> names) {
        for (FleetNode n : nodes) {
            String[] last = {"no answer"};
            try {
                Await.until(n.name() + " lists " + new TreeSet<>(names), FORMING, () -> {
                    if (!n.process.isAlive()) {
                        throw new AssertionError(n.name() + " exited with " + n.process.exitValue() + ":\n" + n.stderrText());
                    }
                    try {
                        last[0] = n.call("nodes").toString();
                        return upNames(n).equals(new TreeSet<>(names));
                    } catch (RuntimeException notYet) {
                        last[0] = notYet.toString();
                        return false; // not serving yet, or a call that raced a join: ask again
                    }
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; its last nodes answer: " + last[0] + "; its stderr ends with:\n"
                        + tail(n.stderrText(), 30), e);
            }
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Free TCP ports on 127.0.0.1, all held at once while picked so that none repeats. */
    public static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** Ends every JVM started, members and others, by pid, with their workers. */
    @Override
    public void close() {
        List<FleetNode> all;
        synchronized (this) {
            all = new ArrayList<>(members.values());
            all.addAll(others);
        }
        all.forEach(FleetNode::close);
    }
}
