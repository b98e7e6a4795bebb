package zpm.examples.workers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An example worker in its own JVM, started the way the agent starts it (environment, flags),
 * with its stdout and stderr collected line by line so a test can wait for a line.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private WorkerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collect, "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code zpm.examples.workers.<main>} with this test's classpath. */
    static WorkerProcess start(String main, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "zpm.examples.workers." + main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new WorkerProcess(builder.start());
    }

    /** The environment the agent gives worker {@code id} in {@code slot}. */
    static Map<String, String> workerEnv(long id, int slot) {
        return Map.of("ZPM_WORKER", "1", "ZPM_WORKER_ID", Long.toString(id),
                "ZPM_WORKER_SLOT", Integer.toString(slot), "ZPM_APP", "test");
    }

    Process process() {
        return process;
    }

    /**
     * SIGTERM, with the output pipe left open. {@code Process.destroy()} sends the same signal
     * but also closes our ends of the pipes, so the worker's last lines (bye, stopped) would be
     * lost and its writes would fail.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** The first line (so far or to come) that matches; fails after {@code timeout}. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line within " + timeout + "; output: " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    String awaitLineStartingWith(String prefix) throws InterruptedException {
        return awaitLine(line -> line.startsWith(prefix), Duration.ofSeconds(20));
    }

    /** The exit code; fails when the process is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output: " + output());
        }
        return process.exitValue();
    }

    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** SIGKILL to the process and the children it still has. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void collect() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process is gone; what it printed is kept.
        }
    }
}
