package zpm.examples.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The peers' respawn protocol, the same for any supervisor (examples/bench/respawn-peers.sh runs
 * it against zpm, PM2 and supervisord in one go; run by hand, never by the tests).
 *
 * <p>Every worker, first thing on start, writes its pid as one line into a FIFO that this driver
 * holds open: a worker is "alive" when its line arrives here, timed with {@link System#nanoTime}
 * on arrival. Once {@code --workers} pids have come and {@code --settle-ms} have passed, every
 * {@code --interval-ms} a seeded-random one of the live pids is SIGKILLed and the driver waits
 * (at most {@code --wait-seconds}) for the next new pid: SIGKILL → that line is one sample. When
 * a replacement comes later than the next kill was due, that kill follows it at once, so that
 * each new pid belongs to exactly one kill. The driver kills only; the supervisor is started
 * and stopped by the script.
 *
 * <pre>java -cp ... zpm.examples.bench.PeerRespawnBench --fifo F --label NAME [--workers 16] [--kills 20]
 *     [--interval-ms 1500] [--settle-ms 2000] [--seed 12] [--start-seconds 60] [--wait-seconds 30]
 *     [--pids-out FILE]</pre>
 */
public final class PeerRespawnBench {

    /** A worker's line: its pid, and when the line reached this driver. */
    record Arrival(long pid, long atNanos) {}

    private static final Map<String, String> DEFAULTS = Map.of("--fifo", "", "--label", "", "--workers", "16",
            "--kills", "20", "--interval-ms", "1500", "--settle-ms", "2000", "--seed", "12",
            "--start-seconds", "60", "--wait-seconds", "30", "--pids-out", "");

    private final Map<String, String> opts;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final Map<Long, Long> bornAt = new HashMap<>(); // pid -> arrival of its line
    private final List<Long> live = new ArrayList<>(); // in order of arrival: the seeded pick is by position
    private int unexpected; // pids that came when no kill was waiting for one

    private PeerRespawnBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        if (opts.get("--fifo").isEmpty() || opts.get("--label").isEmpty()) {
            throw new IllegalArgumentException("--fifo and --label are required");
        }
        System.exit(new PeerRespawnBench(opts).run() ? 0 : 1);
    }

    private int num(String flag) {
        return Integer.parseInt(opts.get(flag));
    }

    private boolean run() throws Exception {
        // O_RDWR: the open does not wait for a writer, and reads never see EOF between workers
        RandomAccessFile fifo = new RandomAccessFile(opts.get("--fifo"), "rw");
        Thread reader = new Thread(() -> readLines(fifo), "fifo-reader");
        reader.setDaemon(true);
        reader.start();
        String label = opts.get("--label");
        if (!awaitInitial(num("--workers"), num("--start-seconds"))) {
            System.out.printf("%s: only %d of %d workers came within %d s%n", label, live.size(),
                    num("--workers"), num("--start-seconds"));
            return false;
        }
        long parent = parentOf(live.get(0));
        Thread.sleep(num("--settle-ms"));
        takeUnexpected();
        CpuTicks cpu0 = CpuTicks.now();
        long parent0 = CpuTicks.processTicks("/proc/" + parent + "/stat");
        List<Long> samples = new ArrayList<>();
        StringJoiner perKill = new StringJoiner(" ");
        int missing = killRounds(samples, perKill);
        long parentTicks = CpuTicks.processTicks("/proc/" + parent + "/stat") - parent0;
        double others = CpuTicks.now().othersPercentSince(cpu0, Math.max(0, parentTicks));
        report(label, samples, missing, others, parent, perKill);
        return missing == 0;
    }

    /** The kills; returns how many found no replacement in time. */
    private int killRounds(List<Long> samples, StringJoiner perKill) throws InterruptedException {
        Random random = new Random(Long.parseLong(opts.get("--seed")));
        long start = System.nanoTime();
        long waitNanos = TimeUnit.SECONDS.toNanos(num("--wait-seconds"));
        int missing = 0;
        for (int i = 0; i < num("--kills") && !live.isEmpty(); i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) i * num("--interval-ms"));
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            takeUnexpected();
            long victim = live.remove(random.nextInt(live.size()));
            ProcessHandle handle = ProcessHandle.of(victim).orElse(null);
            if (handle == null) {
                perKill.add("gone");
                missing++;
                continue;
            }
            long t0 = System.nanoTime();
            handle.destroyForcibly(); // SIGKILL by pid (ProcessHandle checks the start time)
            Arrival next = awaitNew(t0 + waitNanos);
            double age = (t0 - bornAt.get(victim)) / 1e9;
            if (next == null) {
                perKill.add(String.format("none(%.1fs)", age));
                missing++;
            } else {
                samples.add(next.atNanos() - t0);
                perKill.add(String.format("%.1f(%.1fs)", (next.atNanos() - t0) / 1e6, age));
                live.add(next.pid());
            }
        }
        return missing;
    }

    private boolean awaitInitial(int workers, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (live.size() < workers) {
            Arrival a = awaitNew(deadline);
            if (a == null) {
                return false;
            }
            live.add(a.pid());
        }
        return true;
    }

    /** The next line of a pid not seen before, or null at the deadline. */
    private Arrival awaitNew(long deadline) throws InterruptedException {
        while (true) {
            Arrival a = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (a == null || bornAt.putIfAbsent(a.pid(), a.atNanos()) == null) {
                return a;
            }
        }
    }

    /** Pids that came while no kill waited (a supervisor starting extra workers): counted, kept. */
    private void takeUnexpected() {
        for (Arrival a; (a = arrivals.poll()) != null; ) {
            if (bornAt.putIfAbsent(a.pid(), a.atNanos()) == null) {
                live.add(a.pid());
                unexpected++;
            }
        }
    }

    /** On its own thread: timestamps each line as it is read, then records the pid for clean-up. */
    private void readLines(RandomAccessFile fifo) {
        byte[] buf = new byte[4096];
        StringBuilder line = new StringBuilder();
        String out = opts.get("--pids-out");
        try (Writer pids = out.isEmpty() ? Writer.nullWriter() : Files.newBufferedWriter(Path.of(out),
                StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int n; (n = fifo.read(buf)) > 0; ) {
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        line.append((char) buf[i]);
                        continue;
                    }
                    String pid = line.toString().trim().split("\\s+")[0];
                    line.setLength(0);
                    if (!pid.matches("[0-9]{1,10}")) {
                        System.err.println("not a pid line: " + pid);
                        continue;
                    }
                    arrivals.add(new Arrival(Long.parseLong(pid), now));
                    pids.write(pid + "\n");
                    pids.flush();
                }
            }
        } catch (IOException e) {
            System.err.println("reading " + opts.get("--fifo") + ": " + e);
        }
    }

    /** The workers' parent: the supervisor process whose CPU is not counted as "others". */
    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private void report(String label, List<Long> samples, int missing, double others, long parent,
            StringJoiner perKill) {
        String name;
        try { // the command line: PM2's daemon names itself there
            name = Files.readString(Path.of("/proc/" + parent + "/cmdline")).replace('\0', ' ').trim();
        } catch (IOException e) {
            name = "?";
        }
        name = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        System.out.printf("%s: workers' parent pid %d (%s); %d pid(s) came unasked%n", label, parent, name, unexpected);
        System.out.printf("%s: ms per kill (the victim's age): %s%n", label, perKill);
        Latency l = Latency.of(samples).orElse(new Latency(Double.NaN, Double.NaN, Double.NaN, 0));
        System.out.printf("ROW | %s | %.1f | %.1f | %.1f | %d | %d | %.0f %% |%n", label, l.medianMs(), l.p95Ms(),
                l.maxMs(), l.n(), missing, others);
    }

    /** Flags of the form {@code --name value}; unknown names are errors, not silently ignored. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i += 2) {
            if (!DEFAULTS.containsKey(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: PeerRespawnBench --fifo F --label NAME [--workers N]"
                        + " [--kills N] [--interval-ms N] [--settle-ms N] [--seed N] [--start-seconds N]"
                        + " [--wait-seconds N] [--pids-out FILE] (got " + String.join(" ", args) + ")");
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }
}
