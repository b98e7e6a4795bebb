package zpm.agent.metrics;

import zpm.agent.os.ProcStat;
import zpm.agent.os.TreeSampler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's own process figures, as node_exporter's {@code process_*} metrics name them.
 *
 * @param cpuSeconds       user + system CPU time so far
 * @param residentBytes    resident memory
 * @param openFds          open file descriptors
 * @param maxFds           the soft limit on them (-1 when unknown or unlimited)
 * @param startTimeSeconds when the process started, in seconds since the epoch
 */
record SelfProcess(double cpuSeconds, long residentBytes, int openFds, long maxFds, double startTimeSeconds) {

    private static final Path SELF = Path.of("/proc/self");
    /** Fixed for the life of the process: read once (ProcessHandle.Info reads several /proc files). */
    private static final double START_TIME_SECONDS = ProcessHandle.current().info().startInstant()
            .map(i -> i.toEpochMilli() / 1000.0).orElse(0.0);

    /** Reads /proc/self: call it off the event loop. */
    static SelfProcess readBlocking() {
        ProcessHandle self = ProcessHandle.current();
        double cpu = ProcStat.read(self.pid()).map(s -> (s.utime() + s.stime()) / (double) TreeSampler.CLK_TCK)
                .orElse(0.0);
        return new SelfProcess(cpu, TreeSampler.selfRssBytes(), countOpenFds(), readMaxFds(), START_TIME_SECONDS);
    }

    /** The names in /proc/self/fd, without a Path per entry: an agent with 100 workers has hundreds. */
    private static int countOpenFds() {
        String[] names = SELF.resolve("fd").toFile().list();
        return names == null ? -1 : Math.max(0, names.length - 1); // the listing's own descriptor is one of them
    }

    /** "Max open files  1024  4096  files" in /proc/self/limits: the soft limit. */
    private static long readMaxFds() {
        try {
            for (String line : Files.readAllLines(SELF.resolve("limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
