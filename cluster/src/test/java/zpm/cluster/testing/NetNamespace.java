package zpm.cluster.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test, joined to this host's by a veth pair with private
 * addresses ({@code 10.213.N.1} here, {@code 10.213.N.2} inside, a /30): traffic of the test goes
 * to those addresses only. Needs root and {@code ip netns}; {@link #create} says why not otherwise.
 */
public final class NetNamespace implements AutoCloseable {

    public final String name;
    public final String hostAddress;
    public final String innerAddress;
    private final String hostLink;

    private NetNamespace(String name, String hostLink, String hostAddress, String innerAddress) {
        this.name = name;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.innerAddress = innerAddress;
    }

    /** Creates it, or throws with the reason (not root, no ip netns, ...) for the test to skip. */
    public static NetNamespace create() throws IOException {
        long id = ProcessHandle.current().pid() % 100_000;
        int net = (int) (id % 250) + 1;
        NetNamespace ns = new NetNamespace("zpm-it-" + id, "zpmh" + id, "10.213." + net + ".1", "10.213." + net + ".2");
        String inner = "zpmn" + id;
        ip("netns", "add", ns.name);
        try {
            ip("link", "add", ns.hostLink, "type", "veth", "peer", "name", inner);
            ip("link", "set", inner, "netns", ns.name);
            ip("addr", "add", ns.hostAddress + "/30", "dev", ns.hostLink);
            ip("link", "set", ns.hostLink, "up");
            ip("netns", "exec", ns.name, "ip", "addr", "add", ns.innerAddress + "/30", "dev", inner);
            ip("netns", "exec", ns.name, "ip", "link", "set", inner, "up");
            ip("netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
        } catch (IOException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The wrapper that runs a command inside: {@code ip netns exec NAME} (it execs, the pid stays). */
    public List<String> wrapper() {
        return List.of("ip", "netns", "exec", name);
    }

    private static void ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    /** Deletes the namespace (its end of the pair goes with it) and this host's end. */
    @Override
    public void close() {
        for (String[] cmd : new String[][] {{"netns", "del", name}, {"link", "del", hostLink}}) {
            try {
                ip(cmd);
            } catch (IOException e) {
                // already gone with the namespace, or never made
            }
        }
    }
}
