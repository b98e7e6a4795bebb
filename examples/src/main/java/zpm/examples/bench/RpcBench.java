package zpm.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import zpm.protocol.client.ZpmClient;

/**
 * JSON-RPC figures of a running agent (bin/zpm-agent), over TCP with {@link ZpmClient}. Run by
 * hand (examples/bench/rpc-and-repl.sh starts the agent), never by the tests.
 *
 * <ol>
 *   <li>{@code status} round trip, one client, calls one after the other: p50, p99, max. Beside
 *       it, to tell where the time goes: the first (cold) {@code status}, {@code status} of an
 *       app without workers, {@code agent.info}, the size of the answer, the client's own JSON
 *       parse of it, and the agent's CPU per call.</li>
 *   <li>{@code status} calls per second from N concurrent clients (one connection and one thread
 *       each, a call at a time) for a fixed time.</li>
 *   <li>Event delivery latency to M subscribers (each a {@link ZpmClient} subscribed to every
 *       event) during a {@code resize} 0 → K → 0 of an app of {@code sleep} workers: arrival time
 *       on the client's dispatch thread minus the event's {@code ts} (one machine, one clock);
 *       and that every subscriber saw every event, in order, with no seq gap and nothing
 *       dropped.</li>
 * </ol>
 *
 * <pre>java -cp ... zpm.examples.bench.RpcBench --port P --token-file F [--host 127.0.0.1]
 *     [--churn-app churn] [--calls 2000] [--warmup 200] [--clients 16] [--seconds 10]
 *     [--subscribers 100] [--resize 100] [--baseline-subscribers 1] [--raw-subscribers true]
 *     [--max-seconds 300]</pre>
 *
 * <p>Before (c), the same resize runs with {@code --baseline-subscribers} (0: skip) to tell the
 * agent's own delay from the cost of the fan-out; after it, with as many subscribers on plain
 * sockets read by one thread ({@code --raw-subscribers false}: skip), to tell the agent's share
 * from the client library's. (b) and (c) name the agent's busiest threads.
 *
 * <p>Exit status 0 when every part ran and the event check passed, 1 otherwise. Everything is
 * bounded: each call by the client's timeout, each part by its own deadline, the whole by
 * {@code --max-seconds}.
 */
public final class RpcBench {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("--host", "127.0.0.1"), Map.entry("--port", ""), Map.entry("--token-file", ""),
            Map.entry("--churn-app", "churn"), Map.entry("--calls", "2000"), Map.entry("--warmup", "200"),
            Map.entry("--clients", "16"), Map.entry("--seconds", "10"), Map.entry("--subscribers", "100"),
            Map.entry("--resize", "100"), Map.entry("--baseline-subscribers", "1"),
            Map.entry("--raw-subscribers", "true"), Map.entry("--max-seconds", "300"));
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESIZE_TIMEOUT = Duration.ofSeconds(120);
    private static final long EVENTS_SETTLE_MS = 30_000;
    private static final long CLK_TCK = 100;

    private final String host;
    private final int port;
    private final String token;
    private final String churnApp;
    private final long deadlineNs;
    private final ObjectMapper mapper = new ObjectMapper();
    private long agentPid = -1;
    private boolean failed;

    private RpcBench(String host, int port, String token, String churnApp, int maxSeconds) {
        this.host = host;
        this.port = port;
        this.token = token;
        this.churnApp = churnApp;
        this.deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        if (o.get("--port").isEmpty() || o.get("--token-file").isEmpty()) {
            throw new IllegalArgumentException("--port and --token-file are required");
        }
        String token = Files.readString(Path.of(o.get("--token-file"))).trim();
        RpcBench b = new RpcBench(o.get("--host"), Integer.parseInt(o.get("--port")), token, o.get("--churn-app"),
                Integer.parseInt(o.get("--max-seconds")));
        int rc = b.run(num(o, "--calls"), num(o, "--warmup"), num(o, "--clients"), num(o, "--seconds"),
                num(o, "--subscribers"), num(o, "--resize"), num(o, "--baseline-subscribers"),
                Boolean.parseBoolean(o.get("--raw-subscribers")));
        System.exit(rc);
    }

    private int run(int calls, int warmup, int clients, int seconds, int subscribers, int resize, int baselineSubscribers,
            boolean rawSubscribers) throws Exception {
        try (ZpmClient c = client()) {
            c.connect();
            // The very first status of this agent: with nobody asking before, the stats cache is
            // cold and samples /proc for every worker before it answers.
            long t0 = System.nanoTime();
            JsonNode first = c.call("status");
            double coldMs = (System.nanoTime() - t0) / 1e6;
            JsonNode info = c.call("agent.info");
            agentPid = info.path("pid").asLong(-1);
            int workers = first.path("workers").size();
            System.out.printf(Locale.ROOT, "agent pid %d, %d workers in status, apps %s%n", agentPid, workers,
                    info.path("apps"));
            System.out.printf(Locale.ROOT, "first status call (cold stats cache): %.2f ms%n", coldMs);
            roundTrips(c, calls, warmup, first);
        }
        checkDeadline();
        throughput(clients, seconds);
        checkDeadline();
        if (baselineSubscribers > 0 && baselineSubscribers != subscribers) {
            events(baselineSubscribers, resize, "(c0) baseline:", false);
            checkDeadline();
        }
        events(subscribers, resize, "(c)", false);
        if (rawSubscribers) {
            checkDeadline();
            events(subscribers, resize, "(c1) plain-socket subscribers (one NIO thread, no ZpmClient):", true);
        }
        return failed ? 1 : 0;
    }

    // ---------------------------------------------------------------- (a) round trip

    private void roundTrips(ZpmClient c, int calls, int warmup, JsonNode sample) throws IOException {
        for (int i = 0; i < warmup; i++) {
            c.call("status");
        }
        long cpu0 = agentTicks();
        CpuTicks m0 = CpuTicks.now();
        long wall0 = System.nanoTime();
        long[] ns = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            c.call("status");
            ns[i] = System.nanoTime() - t;
        }
        long wall = System.nanoTime() - wall0;
        long agentTicks = agentTicks() - cpu0;
        CpuTicks m1 = CpuTicks.now();
        System.out.println();
        System.out.printf(Locale.ROOT, "(a) status round trip, 1 client, %d calls after %d warm-up: %s%n", calls, warmup,
                summary(ns));
        System.out.printf(Locale.ROOT, "    agent CPU %.3f ms per call; this JVM %.3f ms per call; other processes kept the"
                        + " machine %.0f %% busy%n", agentTicks * 1000.0 / CLK_TCK / calls,
                (m1.self() - m0.self()) * 1000.0 / CLK_TCK / calls, m1.othersPercentSince(m0, agentTicks));
        System.out.printf(Locale.ROOT, "    (%.0f calls/s one after the other)%n", calls / (wall / 1e9));

        // Where the time goes: the same call for an app without workers, the cheapest method,
        // and the client's own share (parsing the answer).
        int n = Math.max(100, calls / 4);
        String empty = "{\"target\": \"" + churnApp + "\"}";
        JsonNode emptyParams = mapper.readTree(empty);
        for (int i = 0; i < warmup; i++) {
            c.call("status", emptyParams);
            c.call("agent.info");
        }
        long[] emptyNs = new long[n];
        long[] infoNs = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            c.call("status", emptyParams);
            emptyNs[i] = System.nanoTime() - t;
            t = System.nanoTime();
            c.call("agent.info");
            infoNs[i] = System.nanoTime() - t;
        }
        byte[] body = mapper.writeValueAsBytes(sample);
        byte[] line = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + new String(body, StandardCharsets.UTF_8)
                + "}\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < warmup; i++) {
            mapper.readTree(line);
        }
        long[] parseNs = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            mapper.readTree(line);
            parseNs[i] = System.nanoTime() - t;
        }
        System.out.printf(Locale.ROOT, "    for comparison (%d calls each): status of app '%s' (0 workers): %s%n", n, churnApp,
                summary(emptyNs));
        System.out.printf(Locale.ROOT, "    agent.info: %s%n", summary(infoNs));
        System.out.printf(Locale.ROOT, "    status answer with %d workers: %d bytes; parsing it in this client (Jackson"
                + " readTree): %s%n", sample.path("workers").size(), line.length, summary(parseNs));
    }

    // ---------------------------------------------------------------- (b) throughput

    private void throughput(int clients, int seconds) throws Exception {
        List<ZpmClient> open = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                ZpmClient c = client();
                open.add(c);
                c.connect();
                for (int w = 0; w < 20; w++) {
                    c.call("status");
                }
            }
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong errors = new AtomicLong();
            long runNs = TimeUnit.SECONDS.toNanos(seconds);
            List<Future<long[]>> results = new ArrayList<>();
            for (ZpmClient c : open) {
                results.add(pool.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int count = 0;
                    go.await();
                    long end = System.nanoTime() + runNs;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        try {
                            c.call("status");
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        long took = System.nanoTime() - now;
                        if (count == lat.length) {
                            lat = Arrays.copyOf(lat, count * 2);
                        }
                        lat[count++] = took;
                    }
                    return Arrays.copyOf(lat, count);
                }));
            }
            long cpu0 = agentTicks();
            Map<String, Long> threads0 = agentThreadTicks();
            CpuTicks m0 = CpuTicks.now();
            long t0 = System.nanoTime();
            go.countDown();
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : results) {
                all.add(f.get(seconds + CALL_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            long agentTicks = agentTicks() - cpu0;
            CpuTicks m1 = CpuTicks.now();
            long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
            System.out.println();
            System.out.printf(Locale.ROOT, "(b) status from %d concurrent clients for %d s: %d calls, %.0f calls/s, %d errors%n",
                    clients, seconds, merged.length, merged.length / wall, errors.get());
            System.out.printf(Locale.ROOT, "    latency under that load: %s%n", summary(merged));
            System.out.printf(Locale.ROOT, "    agent CPU %.0f %% of one core (%.3f ms per call); this JVM %.0f %%; other"
                            + " processes kept the machine %.0f %% busy%n", 100.0 * agentTicks / CLK_TCK / wall,
                    agentTicks * 1000.0 / CLK_TCK / Math.max(1, merged.length),
                    100.0 * (m1.self() - m0.self()) / CLK_TCK / wall, m1.othersPercentSince(m0, agentTicks));
            System.out.println("    busiest agent threads: " + busiest(threads0, agentThreadTicks(), wall));
            if (errors.get() > 0) {
                failed = true;
            }
        } finally {
            pool.shutdownNow();
            open.forEach(ZpmClient::close);
        }
    }

    // ---------------------------------------------------------------- (c) events

    private void events(int subscribers, int resize, String label, boolean raw) throws Exception {
        List<ZpmClient> open = new ArrayList<>();
        List<Received> got = new ArrayList<>();
        List<RawSubscriber> rawSubs = new ArrayList<>();
        Selector selector = raw ? Selector.open() : null;
        Thread reader = null;
        AtomicBoolean stop = new AtomicBoolean();
        try {
            long setupDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; raw && i < subscribers; i++) {
                RawSubscriber sub = new RawSubscriber(host, port, token, churnApp, mapper, setupDeadline);
                rawSubs.add(sub);
                got.add(sub.r);
                sub.ch.register(selector, SelectionKey.OP_READ, sub);
            }
            if (raw) {
                reader = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            selector.select(100);
                            for (SelectionKey k : selector.selectedKeys()) {
                                if (!((RawSubscriber) k.attachment()).drain()) {
                                    k.cancel();
                                }
                            }
                            selector.selectedKeys().clear();
                        }
                    } catch (IOException e) {
                        System.err.println("raw subscriber reader: " + e);
                    }
                }, "raw-subscribers");
                reader.start();
            }
            for (int i = 0; !raw && i < subscribers; i++) {
                ZpmClient c = client();
                open.add(c);
                c.connect();
                Received r = new Received();
                got.add(r);
                c.subscribe(null, null, ev -> r.record(ev, Instant.now(), churnApp), n -> r.dropped += n);
            }
            long cpu0 = agentTicks();
            Map<String, Long> threads0 = agentThreadTicks();
            CpuTicks m0 = CpuTicks.now();
            long t0 = System.nanoTime();
            long grown;
            long shrunk;
            try (ZpmClient ctl = ZpmClient.builder().host(host).port(port).token(token).callTimeout(RESIZE_TIMEOUT).build()) {
                ctl.connect();
                Map<String, Object> timeout = Map.of("app", churnApp, "timeout", RESIZE_TIMEOUT.toMillis() - 5_000);
                Map<String, Object> up = new HashMap<>(timeout);
                up.put("size", resize);
                ctl.call("resize", up);
                grown = System.nanoTime();
                Map<String, Object> down = new HashMap<>(timeout);
                down.put("size", 0);
                ctl.call("resize", down);
                shrunk = System.nanoTime();
            }
            long settleEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EVENTS_SETTLE_MS);
            int missingFinal = 0;
            for (Received r : got) {
                long left = Math.max(0, settleEnd - System.nanoTime());
                if (!r.sawFinal.await(left, TimeUnit.NANOSECONDS)) {
                    missingFinal++;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            long agentTicks = agentTicks() - cpu0;
            String busiest = busiest(threads0, agentThreadTicks(), wall);
            CpuTicks m1 = CpuTicks.now();
            Thread.sleep(200); // anything after the final event (there should be nothing) lands too
            if (raw) {
                stop.set(true);
                selector.wakeup();
                reader.join(5_000);
                for (RawSubscriber sub : rawSubs) {
                    sub.parse();
                }
            }
            report(label, raw, got, subscribers, resize, missingFinal, (grown - t0) / 1e6, (shrunk - grown) / 1e6);
            System.out.printf(Locale.ROOT, "    agent CPU during the resize and the fan-out: %.0f %% of one core over %.1f s;"
                            + " this JVM %.0f %%; other processes kept the machine %.0f %% busy%n",
                    100.0 * agentTicks / CLK_TCK / wall, wall, 100.0 * (m1.self() - m0.self()) / CLK_TCK / wall,
                    m1.othersPercentSince(m0, agentTicks));
            System.out.println("    busiest agent threads: " + busiest);
        } finally {
            open.forEach(ZpmClient::close);
            stop.set(true);
            if (selector != null) {
                selector.wakeup();
                if (reader != null) {
                    reader.join(5_000);
                }
                selector.close();
            }
            for (RawSubscriber sub : rawSubs) {
                sub.ch.close();
            }
        }
        try (ZpmClient c = client()) {
            c.connect();
            JsonNode info = c.call("agent.info");
            long dropped = info.path("droppedEvents").asLong(-1);
            System.out.printf(Locale.ROOT, "    agent.info after the run: droppedEvents %d, workers %d, agent RSS %.1f MB%n",
                    dropped, info.path("workers").asInt(), info.path("rssBytes").asLong() / 1048576.0);
            if (dropped != 0) {
                failed = true;
            }
        }
    }

    private void report(String label, boolean raw, List<Received> got, int subscribers, int resize, int missingFinal, double upMs, double downMs) {
        Received ref = got.get(0);
        int refCount = ref.count;
        long firstSeq = refCount > 0 ? ref.seq[0] : -1;
        long lastSeq = refCount > 0 ? ref.seq[refCount - 1] : -1;
        int gapped = 0;
        int differ = 0;
        long dropped = 0;
        int overflow = 0;
        int total = 0;
        for (Received r : got) {
            int n = r.count;
            total += n;
            dropped += r.dropped;
            overflow += r.overflow;
            for (int i = 1; i < n; i++) {
                if (r.seq[i] != r.seq[i - 1] + 1) {
                    gapped++;
                    break;
                }
            }
            if (n != refCount || n == 0 || r.seq[0] != firstSeq || r.seq[n - 1] != lastSeq) {
                differ++;
            }
        }
        long[] latUs = new long[total];
        int k = 0;
        for (Received r : got) {
            System.arraycopy(r.latencyUs, 0, latUs, k, r.count);
            k += r.count;
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%s events to %d subscribers during resize %s 0 -> %d -> 0 (up %.0f ms, down %.0f ms):"
                + " %d events each (seq %d..%d: %s), %d deliveries%n", label, subscribers, churnApp, resize, upMs, downMs, refCount,
                firstSeq, lastSeq, ref.types, total);
        Arrays.sort(latUs);
        System.out.printf(Locale.ROOT, "    delivery latency (%s - event ts): p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms%n", raw ? "the read() that brought it" : "arrival on the client's dispatch thread", pct(latUs, 50) / 1e3, pct(latUs, 99) / 1e3,
                (latUs.length == 0 ? 0 : latUs[latUs.length - 1]) / 1e3);
        if (differ == 0 && refCount > 0) {
            // The same events in the same order everywhere: per event, its first and last arrival
            // (the agent's own delay, then the fan-out to every subscriber), and by type.
            long[] firstUs = new long[refCount];
            long[] lastUs = new long[refCount];
            Map<String, List<Long>> byType = new TreeMap<>();
            for (int i = 0; i < refCount; i++) {
                long lo = Long.MAX_VALUE;
                long hi = Long.MIN_VALUE;
                for (Received r : got) {
                    lo = Math.min(lo, r.latencyUs[i]);
                    hi = Math.max(hi, r.latencyUs[i]);
                }
                firstUs[i] = lo;
                lastUs[i] = hi;
                byType.computeIfAbsent(ref.type[i], t -> new ArrayList<>()).add(hi);
            }
            Arrays.sort(firstUs);
            Arrays.sort(lastUs);
            System.out.printf(Locale.ROOT, "    per event, its first subscriber: p50 %.2f ms, p99 %.2f ms; its last"
                            + " subscriber: p50 %.2f ms, p99 %.2f ms%n", pct(firstUs, 50) / 1e3, pct(firstUs, 99) / 1e3,
                    pct(lastUs, 50) / 1e3, pct(lastUs, 99) / 1e3);
            StringBuilder types = new StringBuilder();
            byType.forEach((t, l) -> {
                long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
                types.append(String.format(Locale.ROOT, " %s %.1f/%.1f;", t, pct(a, 50) / 1e3, a[a.length - 1] / 1e3));
            });
            System.out.println("    last subscriber by type (p50/max ms):" + types);
        }
        boolean ok = missingFinal == 0 && gapped == 0 && differ == 0 && dropped == 0 && overflow == 0
                && refCount == 4 * resize + 4;
        System.out.printf(Locale.ROOT, "    every subscriber saw every event: %s (without the final resize event: %d;"
                        + " with a seq gap: %d; with another first/last seq or count: %d; dropped: %d;"
                        + " expected %d events each, 4 per worker + 4 resize)%n", ok ? "yes" : "NO", missingFinal, gapped,
                differ, dropped + overflow, 4 * resize + 4);
        if (!ok) {
            failed = true;
        }
    }

    // ---------------------------------------------------------------- helpers

    private ZpmClient client() {
        return ZpmClient.builder().host(host).port(port).token(token).callTimeout(CALL_TIMEOUT).build();
    }

    private void checkDeadline() {
        if (System.nanoTime() > deadlineNs) {
            throw new IllegalStateException("--max-seconds passed");
        }
    }

    /** Each agent thread's user + system ticks, by "name tid" (empty when /proc cannot be read). */
    private Map<String, Long> agentThreadTicks() {
        Map<String, Long> out = new HashMap<>();
        if (agentPid <= 0) {
            return out;
        }
        try (var tasks = Files.list(Path.of("/proc/" + agentPid + "/task"))) {
            tasks.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm")).trim();
                    out.put(name + " " + t.getFileName(), CpuTicks.processTicks(t.resolve("stat").toString()));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // the agent ended: no per-thread figure
        }
        return out;
    }

    /** The 4 agent threads that used the most CPU between two samples, in % of one core. */
    private static String busiest(Map<String, Long> before, Map<String, Long> after, double wallSeconds) {
        StringBuilder b = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .limit(4)
                .forEach(e -> b.append(String.format(Locale.ROOT, "%s%s %.0f %%", b.length() == 0 ? "" : ", ", e.getKey(),
                        100.0 * e.getValue() / CLK_TCK / wallSeconds)));
        return b.length() == 0 ? "(none measurable)" : b.toString();
    }

    /** The agent's user + system clock ticks, or 0 when its /proc entry cannot be read. */
    private long agentTicks() {
        return agentPid > 0 ? CpuTicks.processTicks("/proc/" + agentPid + "/stat") : 0;
    }

    /** p50, p99 and max of latencies in ns (also the fleet bench's summary). */
    static String summary(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms", pct(s, 50) / 1e6, pct(s, 99) / 1e6,
                (s.length == 0 ? 0 : s[s.length - 1]) / 1e6);
    }

    /** Nearest-rank percentile of a sorted array. */
    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int num(Map<String, String> o, String key) {
        return Integer.parseInt(o.get(key));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            if (!DEFAULTS.containsKey(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: RpcBench --port P --token-file F " + DEFAULTS.keySet()
                        + " (got " + String.join(" ", args) + ")");
            }
            o.put(args[i], args[i + 1]);
        }
        return o;
    }
}
