package zpm.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's figures (examples/bench/fleet.sh starts the agents): with every node's state
 * directory given, waits until each node lists the whole fleet and every worker is online, then
 * measures, each phase bounded:
 * <ol>
 *   <li>each agent's RSS after 10 s idle;</li>
 *   <li>{@code status} of the whole fleet from the first node over TCP, one call after the
 *       other, after 1,000 calls of warm-up (the agent runs C1-compiled code only, which compiles
 *       a method after some 200 calls: a hundred left part of the path interpreted): p50/p99,
 *       and the CPU time each agent spent per call;</li>
 *   <li>an event on the second node reaching a subscriber connected to the first: the bench
 *       {@code send}s {@code {"t": nanoTime}} to the {@code pyctl} worker of the second node, which
 *       echoes it as a {@code message} event; arrival minus {@code t} (one host: one monotonic
 *       clock), on a subscriber of the first node and, for comparison, of the second;</li>
 *   <li>SIGKILL of the last node to {@code node-left} on the others.</li>
 * </ol>
 * {@code --phase rss} stops after the first (a lone agent: its RSS for comparison); {@code --phase
 * status} after the second, with {@code status} of the first node alone and of the second node
 * alone asked on the first, then the whole fleet again: where the time goes.
 */
public final class FleetBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DEFAULTS = Map.of("--state-dirs", "", "--workers", "100",
            "--phase", "all", "--warmup", "100", "--status-warmup", "1000", "--samples", "500", "--settle-seconds", "10");

    /** USER_HZ: the unit of /proc/PID/stat's times, 100 on Linux. */
    private static final int TICKS_PER_SECOND = 100;

    private final Map<String, Path> stateDirs = new LinkedHashMap<>();
    private final Map<String, ZpmClient> clients = new LinkedHashMap<>();
    private final Map<String, String> opts;

    private FleetBench(Map<String, String> opts) {
        this.opts = opts;
        for (String entry : opts.get("--state-dirs").split(",")) {
            String[] kv = entry.split("=", 2);
            stateDirs.put(kv[0], Path.of(kv[1]));
        }
    }

    public static void main(String[] args) throws Exception {
        FleetBench bench = new FleetBench(BenchArgs.parse(args, DEFAULTS));
        try {
            bench.run();
        } finally {
            bench.clients.values().forEach(ZpmClient::close);
        }
    }

    private void run() throws Exception {
        load("start");
        awaitFleet(Integer.parseInt(opts.get("--workers")));
        TimeUnit.SECONDS.sleep(Long.parseLong(opts.get("--settle-seconds"))); // idle, so RSS compares with an idle lone agent
        stateDirs.forEach((name, dir) -> System.out.printf(Locale.ROOT, "RSS %s: %.1f MB (pid %d)%n", name,
                rssKb(pid(dir)) / 1024.0, pid(dir)));
        if (opts.get("--phase").equals("rss")) {
            return;
        }
        List<String> names = new ArrayList<>(stateDirs.keySet());
        statusLatency(client(names.get(0)), null, "the whole fleet");
        if (opts.get("--phase").equals("status")) { // where the time goes: this node alone, then one other node
            statusLatency(client(names.get(0)), names.get(0) + "/all", "node " + names.get(0) + " only, asked there");
            statusLatency(client(names.get(0)), names.get(1) + "/all", "node " + names.get(1) + " only, asked on "
                    + names.get(0));
            statusLatency(client(names.get(0)), null, "the whole fleet, again");
            load("after status");
            return;
        }
        load("after status");
        eventLatency(names.get(0), names.get(1));
        load("after events");
        nodeLeft(names.get(names.size() - 1));
        load("end");
    }

    private static void load(String when) throws IOException {
        System.out.println("load average " + when + ": " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private ZpmClient client(String node) throws IOException {
        ZpmClient c = clients.get(node);
        if (c == null) {
            JsonNode info = JSON.readTree(stateDirs.get(node).resolve("agent.json").toFile());
            String[] rpc = info.path("rpc").asText().split(":");
            c = ZpmClient.builder().host(rpc[0]).port(Integer.parseInt(rpc[1]))
                    .token(Files.readString(stateDirs.get(node).resolve("token")).trim()).build();
            c.connect();
            clients.put(node, c);
        }
        return c;
    }

    private static long pid(Path stateDir) {
        try {
            return JSON.readTree(stateDir.resolve("agent.json").toFile()).path("pid").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("no agent.json in " + stateDir + ": " + e);
        }
    }

    /** utime + stime of {@code pid}, in ticks. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15, counted from state (3)
        } catch (IOException e) {
            return 0;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Until every node lists every node up and the fleet's status {@code workers} online per node; 5 minutes at most. */
    private void awaitFleet(int workers) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(5);
        for (String node : stateDirs.keySet()) {
            while (!ready(node, workers)) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(node + " did not list the fleet with " + workers + " workers online in 5 min");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        System.out.printf(Locale.ROOT, "fleet of %d formed, %d workers online each, after %.1f s of waiting%n",
                stateDirs.size(), workers, (System.nanoTime() - start) / 1e9);
    }

    private boolean ready(String node, int workers) {
        try {
            ZpmClient c = client(node);
            int up = 0;
            for (JsonNode n : c.call("nodes").path("nodes")) {
                up += "up".equals(n.path("state").asText()) ? 1 : 0;
            }
            long online = 0;
            for (JsonNode w : c.call("status").path("workers")) {
                online += "online".equals(w.path("state").asText()) ? 1 : 0;
            }
            return up == stateDirs.size() && online == (long) workers * stateDirs.size();
        } catch (IOException | RuntimeException e) {
            clients.remove(node); // not serving yet: connect again next time
            return false;
        }
    }

    /** @param target null: the whole fleet */
    private void statusLatency(ZpmClient c, String target, String what) {
        int warmup = Integer.parseInt(opts.get("--status-warmup"));
        long[] ns = new long[Integer.parseInt(opts.get("--samples"))];
        int rows = 0;
        Map<String, Long> cpu0 = new LinkedHashMap<>();
        for (int i = -warmup; i < ns.length; i++) {
            if (i == 0) {
                stateDirs.forEach((name, dir) -> cpu0.put(name, cpuTicks(pid(dir))));
            }
            long t0 = System.nanoTime();
            JsonNode status = target == null ? c.call("status") : c.call("status", Map.of("target", target));
            if (i >= 0) {
                ns[i] = System.nanoTime() - t0;
                rows = status.path("workers").size();
            }
        }
        StringBuilder cpu = new StringBuilder();
        stateDirs.forEach((name, dir) -> cpu.append(String.format(Locale.ROOT, " %s %.2f", name,
                (cpuTicks(pid(dir)) - cpu0.get(name)) * 1000.0 / TICKS_PER_SECOND / ns.length)));
        System.out.println("status of " + what + " (" + rows + " rows) over TCP, " + ns.length + " calls after "
                + warmup + ": " + RpcBench.summary(ns) + "; CPU ms per call:" + cpu);
    }

    /** message events of {@code source}'s pyctl worker, on subscribers of {@code far} and of {@code source}. */
    private void eventLatency(String far, String source) throws Exception {
        BlockingQueue<Long> onFar = echoes(client(far), source);
        BlockingQueue<Long> onSource = echoes(client(source), source);
        int warmup = Integer.parseInt(opts.get("--warmup"));
        long[] farNs = new long[Integer.parseInt(opts.get("--samples"))];
        long[] sourceNs = new long[farNs.length];
        for (int i = -warmup; i < farNs.length; i++) {
            long t = System.nanoTime();
            client(source).call("send", Map.of("target", source + "/pyctl", "data", Map.of("t", t)));
            long far1 = arrival(onFar, t);
            long src1 = arrival(onSource, t);
            if (i >= 0) {
                farNs[i] = far1 - t;
                sourceNs[i] = src1 - t;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        System.out.println("event on " + source + " -> subscriber connected to " + far + ", " + farNs.length + " events after "
                + warmup + ": " + RpcBench.summary(farNs));
        System.out.println("  the same events on a subscriber connected to " + source + " itself: " + RpcBench.summary(sourceNs));
    }

    /** Arrival times ({@code nanoTime}) of the echoes of {@code source}, each tagged by its {@code t}. */
    private static BlockingQueue<Long> echoes(ZpmClient c, String source) {
        BlockingQueue<Long> q = new LinkedBlockingQueue<>();
        c.subscribe(List.of("message"), "pyctl", e -> {
            long now = System.nanoTime();
            JsonNode t = ((LifecycleEvent.Message) e).data().path("echo").path("t");
            if (source.equals(e.header().node()) && t.isNumber()) {
                q.add(now - t.asLong()); // the delay; the caller adds t back
            }
        });
        return q;
    }

    /** When the echo of {@code t} arrived (earlier echoes, from a timed-out round, are skipped). */
    private static long arrival(BlockingQueue<Long> q, long t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Long delay = q.poll(100, TimeUnit.MILLISECONDS);
            if (delay != null && t + delay >= System.nanoTime() - TimeUnit.SECONDS.toNanos(10)) {
                return t + delay;
            }
        }
        throw new IllegalStateException("no echo within 10 s");
    }

    private void nodeLeft(String victim) throws Exception {
        Map<String, BlockingQueue<Long>> seen = new LinkedHashMap<>();
        for (String node : stateDirs.keySet()) {
            if (!node.equals(victim)) {
                BlockingQueue<Long> q = new LinkedBlockingQueue<>();
                client(node).subscribe(List.of("node-left"), null, e -> {
                    if (node.equals(e.header().node()) && victim.equals(((LifecycleEvent.NodeLeft) e).peer())) {
                        q.add(System.nanoTime());
                    }
                });
                seen.put(node, q);
            }
        }
        long pid = pid(stateDirs.get(victim));
        long killed = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        for (Map.Entry<String, BlockingQueue<Long>> e : seen.entrySet()) {
            Long at = e.getValue().poll(30, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "SIGKILL of %s (pid %d) -> node-left on %s: %s%n", victim, pid, e.getKey(),
                    at == null ? "none within 30 s" : String.format(Locale.ROOT, "%.0f ms", (at - killed) / 1e6));
        }
    }
}
