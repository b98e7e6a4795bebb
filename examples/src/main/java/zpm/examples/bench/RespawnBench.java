package zpm.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import zpm.agent.core.AppSpec;
import zpm.agent.core.Target;
import zpm.agent.core.WorkerInfo;
import zpm.agent.core.WorkerState;
import zpm.agent.local.Agent;
import zpm.protocol.event.EventType;
import zpm.protocol.event.LifecycleEvent;

/**
 * SIGKILL → replacement latency of an embedded {@link Agent}, against the floor of a bare
 * {@code ProcessBuilder.start()}. Run by hand (examples/bench/run-all.sh), never by the tests.
 *
 * <p>Each round kills the worker that has been online longest, and only once it has been online
 * longer than the stability window (5 s): a younger one would be paced by backoff, which is a
 * different measurement. More workers let the rounds come faster without killing young ones.
 *
 * <pre>java -cp ... zpm.examples.bench.RespawnBench [--workers 12] [--kills 60] [--max-seconds 300]</pre>
 */
public final class RespawnBench {

    static final String APP = "bench";
    static final List<String> COMMAND = List.of("sleep", "100000");
    /** The default stability window (BackoffSpec.DEFAULT.resetAfterMs) plus a margin. */
    static final long MIN_ONLINE_MS = 5_500;
    static final long EVENT_DEADLINE_MS = 10_000;
    /** The first kills load classes on the exit path: measured, but not counted. */
    static final int WARMUP_KILLS = 3;
    static final int BASELINE_SPAWNS = 60;

    /** One kill: the old pid and slot, and when each event about its slot arrived. */
    private static final class Round {
        final int slot;
        final long oldPid;
        volatile long exitAt;
        volatile long forkAt;
        final CompletableFuture<Long> onlineAt = new CompletableFuture<>();
        volatile String unexpected; // backoff / danger / fatal: the pacing was wrong

        Round(int slot, long oldPid) {
            this.slot = slot;
            this.oldPid = oldPid;
        }
    }

    private volatile Round current;

    public static void main(String[] args) throws Exception {
        Map<String, Integer> opts = options(args, Map.of("--workers", 12, "--kills", 60, "--max-seconds", 300));
        if (opts.get("--workers") < 1 || opts.get("--kills") < 1) {
            throw new IllegalArgumentException("--workers and --kills must be >= 1");
        }
        if (opts.get("--kills") < 50) {
            System.err.println("fewer than 50 kills: the p95 is not worth much");
        }
        new RespawnBench().run(opts.get("--workers"), opts.get("--kills"), opts.get("--max-seconds"));
    }

    private void run(int workers, int kills, int maxSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        List<Long> baseline = baselineSpawns();
        Path stateDir = Files.createTempDirectory("zpm-respawn-bench");
        Agent agent = Agent.startBlocking(stateDir, List.of(AppSpec.of(APP, workers, COMMAND)));
        List<long[]> samples = new ArrayList<>(); // {exit, fork, online} in ns after the kill
        int unexpected = 0;
        CpuTicks cpu0 = CpuTicks.now();
        try {
            agent.onEvent(this::onEvent);
            for (int i = 0; i < kills + WARMUP_KILLS; i++) {
                Optional<WorkerInfo> victim = awaitVictim(agent, deadline);
                if (victim.isEmpty()) {
                    System.err.printf("time bound of %d s reached after %d kills%n", maxSeconds, i);
                    break;
                }
                long[] sample = new long[3];
                Round r = killAndWait(victim.get(), sample);
                if (r.unexpected != null) {
                    unexpected++;
                    System.err.println("round " + i + " not counted: " + r.unexpected);
                } else if (i >= WARMUP_KILLS) {
                    samples.add(sample);
                    // one line per counted kill, for scripts that pool several runs (placement-ab.sh)
                    System.err.printf("sample ms exit %.3f fork %.3f online %.3f%n",
                            sample[0] / 1e6, sample[1] / 1e6, sample[2] / 1e6);
                }
            }
        } finally {
            agent.quitBlocking(30);
            deleteQuietly(stateDir);
        }
        CpuTicks cpu1 = CpuTicks.now();
        report(workers, samples, baseline, unexpected);
        // on a small machine another program (a build next door) shows up as latency: say so
        System.out.printf("other processes kept the machine %.0f %% busy during the kills (%d cores)%n",
                cpu1.othersPercentSince(cpu0), Runtime.getRuntime().availableProcessors());
    }

    /** The worker online longest, once it is past the stability window; empty at the deadline. */
    private static Optional<WorkerInfo> awaitVictim(Agent agent, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            Optional<WorkerInfo> oldest = Agent.await(agent.status(Target.app(APP)), 10).stream()
                    .filter(w -> w.state() == WorkerState.ONLINE && w.pid() != null)
                    .max(Comparator.comparingLong(WorkerInfo::uptimeMs));
            long wait = oldest.map(w -> MIN_ONLINE_MS - w.uptimeMs()).orElse(50L);
            if (oldest.isPresent() && wait <= 0) {
                return oldest;
            }
            Thread.sleep(Math.min(Math.max(wait, 1), 250)); // pacing: let the workers age
        }
        return Optional.empty();
    }

    /** Fills {@code sample} with the ns from the SIGKILL to the exit, fork and online events. */
    private Round killAndWait(WorkerInfo victim, long[] sample) throws Exception {
        Round r = new Round(victim.slot(), victim.pid());
        current = r;
        ProcessHandle handle = ProcessHandle.of(victim.pid())
                .orElseThrow(() -> new IllegalStateException("worker pid " + victim.pid() + " is gone"));
        try {
            long t0 = System.nanoTime();
            handle.destroyForcibly();
            long online = r.onlineAt.get(EVENT_DEADLINE_MS, TimeUnit.MILLISECONDS);
            if (r.exitAt == 0 || r.forkAt == 0) {
                r.unexpected = "online without exit and fork events before it";
            }
            // exit and fork are emitted before online on the same context: both are set by now
            sample[0] = r.exitAt - t0;
            sample[1] = r.forkAt - t0;
            sample[2] = online - t0;
        } catch (TimeoutException e) {
            throw new IllegalStateException("slot " + r.slot + ": no online event within "
                    + EVENT_DEADLINE_MS + " ms after SIGKILL of pid " + r.oldPid, e);
        } finally {
            current = null;
        }
        return r;
    }

    /** On the supervisor's context: only timestamps, nothing slow. */
    private void onEvent(LifecycleEvent e) {
        Round r = current;
        if (r == null || !APP.equals(e.app())) {
            return;
        }
        long now = System.nanoTime();
        if (e.worker() == null) {
            if (e.type() == EventType.DANGER || e.type() == EventType.FATAL) {
                r.unexpected = e.toString();
            }
            return;
        }
        if (e.worker().slot() != r.slot) {
            return;
        }
        switch (e.type()) {
            case EXIT -> r.exitAt = now;
            case FORK -> {
                if (e.worker().pid() != null && e.worker().pid() != r.oldPid) {
                    r.forkAt = now;
                }
            }
            case ONLINE -> r.onlineAt.complete(now);
            case BACKOFF, FATAL -> r.unexpected = e.toString();
            default -> { }
        }
    }

    /** The floor: what one bare fork+exec of the same command costs this JVM. */
    private static List<Long> baselineSpawns() throws IOException, InterruptedException {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < BASELINE_SPAWNS + WARMUP_KILLS; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(COMMAND).start();
            p.pid();
            long dt = System.nanoTime() - t0;
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            if (i >= WARMUP_KILLS) {
                out.add(dt);
            }
        }
        return out;
    }

    private static void report(int workers, List<long[]> samples, List<Long> baseline, int unexpected) {
        System.out.printf("respawn bench: app of %d x %s, SIGKILL of the worker online longest (>= %d ms),"
                + " %d warm-up kills not counted%n", workers, String.join(" ", COMMAND), MIN_ONLINE_MS, WARMUP_KILLS);
        System.out.printf("%-34s %8s %8s %8s %6s%n", "ms", "median", "p95", "max", "n");
        row("SIGKILL -> exit event", column(samples, 0));
        row("SIGKILL -> fork event (pid known)", column(samples, 1));
        row("SIGKILL -> online event", column(samples, 2));
        row("baseline ProcessBuilder.start()", baseline);
        if (unexpected > 0) {
            System.out.printf("%d round(s) hit backoff/danger and were not counted%n", unexpected);
        }
    }

    private static List<Long> column(List<long[]> samples, int i) {
        return samples.stream().map(s -> s[i]).toList();
    }

    private static void row(String label, List<Long> nanos) {
        Latency.of(nanos).ifPresentOrElse(
                l -> System.out.printf("%-34s %8.2f %8.2f %8.2f %6d%n", label, l.medianMs(), l.p95Ms(), l.maxMs(), l.n()),
                () -> System.out.printf("%-34s %8s %8s %8s %6d%n", label, "-", "-", "-", 0));
    }

    /** Flags of the form {@code --name N}; unknown names are errors, not silently ignored. */
    private static Map<String, Integer> options(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> opts = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!defaults.containsKey(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: RespawnBench [--workers N] [--kills N] [--max-seconds N]"
                        + " (got " + String.join(" ", args) + ")");
            }
            opts.put(args[i], Integer.parseInt(args[i + 1]));
        }
        return opts;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
