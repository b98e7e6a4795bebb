package zpm.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The driver of the log benchmark (examples/bench/logs-peers.sh, run by hand, never by the tests),
 * the same for any supervisor: once its {@code --workers} {@link NumberedLineWriter}s are ready, it reads the
 * supervisor's CPU ticks and says go; the writers write for their seconds; the run ends when
 * every writer has said how many lines it wrote and the log files have not grown for
 * {@code --quiet-ms}. Then: lines that reached the files per second (from go to the last growth),
 * the supervisor's CPU seconds per million lines, its peak RSS (VmHWM), and per writer the
 * lines lost, duplicated and reordered ({@link LogTally}). The script starts and stops the
 * supervisor.
 *
 * <pre>java -cp zpm-examples.jar zpm.examples.bench.LogBench --run DIR --logs DIR --match REGEX
 *     --format zpm|raw --label NAME --pid SUPERVISOR_PID [--workers 1] [--seconds 20] [--line-bytes 100]
 *     [--start-seconds 120] [--drain-seconds 120] [--quiet-ms 2000] [--clk-tck 100]</pre>
 */
public final class LogBench {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("--run", ""),
            Map.entry("--logs", ""), Map.entry("--match", ".*"), Map.entry("--format", "raw"),
            Map.entry("--label", ""), Map.entry("--pid", "0"), Map.entry("--workers", "1"),
            Map.entry("--seconds", "20"), Map.entry("--line-bytes", "100"), Map.entry("--start-seconds", "120"),
            Map.entry("--drain-seconds", "120"), Map.entry("--quiet-ms", "2000"), Map.entry("--clk-tck", "100"));

    private final Map<String, String> opts;
    private final Path run;
    private final Path logs;

    private LogBench(Map<String, String> opts) {
        this.opts = opts;
        this.run = Path.of(opts.get("--run"));
        this.logs = Path.of(opts.get("--logs"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(args, DEFAULTS);
        for (String required : List.of("--run", "--logs", "--label")) {
            if (opts.get(required).isEmpty()) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        System.exit(new LogBench(opts).run() ? 0 : 1);
    }

    private long num(String flag) {
        return Long.parseLong(opts.get(flag));
    }

    private boolean run() throws Exception {
        String label = opts.get("--label");
        String stat = "/proc/" + opts.get("--pid") + "/stat";
        List<Long> writers = awaitReady();
        if (writers.size() < num("--workers")) {
            System.out.printf("%s: only %d of %d writers ready within %d s%n", label, writers.size(),
                    num("--workers"), num("--start-seconds"));
            return false;
        }
        long supervisor0 = CpuTicks.processTicks(stat);
        long writers0 = ticks(writers);
        CpuTicks machine0 = CpuTicks.now();
        Files.createFile(run.resolve("go"));
        long go = System.nanoTime();
        long lastGrowth = awaitSettled(go);
        long supervisorTicks = CpuTicks.processTicks(stat) - supervisor0;
        double others = CpuTicks.now().othersPercentSince(machine0, supervisorTicks + ticks(writers) - writers0);
        String rss = peakRss();
        boolean settled = lastGrowth > 0;
        Map<Long, Long> written = written();
        LogTally tally = new LogTally(LogTally.Format.valueOf(opts.get("--format").toUpperCase()),
                (int) num("--line-bytes"));
        List<List<Path>> files = logFiles();
        for (List<Path> log : files) {
            tally.files(log);
        }
        double seconds = ((settled ? lastGrowth : System.nanoTime()) - go) / 1e9;
        LogReport report = new LogReport(label, tally, tally.rows(written), files.stream().mapToInt(List::size).sum());
        return report.print(seconds, supervisorTicks / (double) num("--clk-tck"), rss, others, settled);
    }

    /** The writers' pids, once {@code --workers} are ready or at the start deadline. */
    private List<Long> awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(num("--start-seconds"));
        List<Long> pids = List.of();
        while (System.nanoTime() < deadline) {
            pids = pidsIn(run.resolve("ready"));
            if (pids.size() >= num("--workers")) {
                break;
            }
            Thread.sleep(50);
        }
        // for the script's clean-up: every writer pid of this run
        Files.write(run.resolve("pids"), pids.stream().map(String::valueOf).toList());
        return pids;
    }

    /**
     * Polls the size of the counted log files every 100 ms; returns the time of their last growth once
     * every writer has said its count and the files stayed the same for {@code --quiet-ms}, or 0
     * at the drain deadline.
     */
    private long awaitSettled(long go) throws InterruptedException {
        long writeNanos = TimeUnit.SECONDS.toNanos(num("--seconds"));
        long deadline = go + writeNanos + TimeUnit.SECONDS.toNanos(num("--drain-seconds"));
        long quiet = TimeUnit.MILLISECONDS.toNanos(num("--quiet-ms"));
        long size = -1;
        long lastGrowth = go;
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = System.nanoTime();
            long s = logBytes();
            if (s != size) {
                size = s;
                lastGrowth = now;
            }
            if (now - go > writeNanos && now - lastGrowth >= quiet && written().size() >= num("--workers")) {
                return lastGrowth;
            }
        }
        return 0;
    }

    /** The size of the files counted (not the agent's own log, which grows on its own). */
    private long logBytes() {
        try {
            long sum = 0;
            for (List<Path> log : logFiles()) {
                for (Path f : log) {
                    sum += Files.size(f);
                }
            }
            return sum;
        } catch (IOException e) {
            return -1; // a file renamed between the listing and now: a change, looked at again
        }
    }

    private List<List<Path>> logFiles() throws IOException {
        return Files.isDirectory(logs) ? LogTally.ordered(logs, Pattern.compile(opts.get("--match"))) : List.of();
    }

    /** What each writer said it wrote: pid → lines. */
    private Map<Long, Long> written() {
        Map<Long, Long> counts = new HashMap<>();
        try {
            for (long pid : pidsIn(run.resolve("written"))) {
                counts.put(pid, Long.parseLong(Files.readString(run.resolve("written").resolve(pid + "")).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // a count being renamed into place: read again at the next poll
        }
        return counts;
    }

    private static List<Long> pidsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
                    .forEach(n -> pids.add(Long.parseLong(n)));
        }
        return pids;
    }

    private static long ticks(List<Long> pids) {
        return pids.stream().mapToLong(p -> CpuTicks.processTicks("/proc/" + p + "/stat")).sum();
    }

    /** The supervisor's VmHWM (peak resident set since it started), e.g. "61.2". */
    private String peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + opts.get("--pid") + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return String.format("%.1f", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone: said as "?"
        }
        return "?";
    }
}
