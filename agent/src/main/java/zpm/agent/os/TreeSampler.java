package zpm.agent.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time, resident memory and accepted connections of whole process trees, read from the
 * worker's cgroup when it has one ({@link WorkerCgroups#usage}) and from /proc otherwise.
 * Blocking: call it off the event loop, for all workers at once (one read of the socket tables).
 */
public final class TreeSampler {

    /** Linux reports CPU time in clock ticks of 1/100 s here (getconf CLK_TCK). */
    public static final int CLK_TCK = 100;
    /** statm counts pages; their size depends on the kernel (aarch64 ones may use 16 or 64 KiB). */
    private static final long PAGE_BYTES = LibC.available() ? LibC.getpagesize() : 4096;
    private static final Path PROC = Path.of("/proc");

    /**
     * One tree's usage.
     *
     * @param pid          the tree's root (the worker)
     * @param processes    how many processes the tree has
     * @param cpuTicks     user + system time of the live processes of the tree, in clock ticks
     * @param rssBytes     resident memory of the tree
     * @param listenPorts  TCP ports the tree listens on
     * @param connections  established connections accepted on those ports
     */
    public record TreeUsage(long pid, int processes, long cpuTicks, long rssBytes, Set<Integer> listenPorts,
                            int connections) {
    }

    private TreeSampler() {
    }

    /** Samples every given tree; a pid that is gone is left out of the result. */
    public static Map<Long, TreeUsage> sampleBlocking(Collection<Long> pids) {
        SocketTable.Snapshot sockets;
        try {
            sockets = SocketTable.readBlocking();
        } catch (IOException e) {
            sockets = new SocketTable.Snapshot(List.of());
        }
        Map<Long, TreeUsage> out = new HashMap<>();
        for (long pid : pids) {
            long[] use = usage(pid);
            if (use == null) {
                continue;
            }
            int alive = (int) use[0];
            long ticks = use[1];
            long rss = use[2];
            Set<Long> inodes = SocketTable.socketInodesBlocking(pid, true);
            Set<Integer> ports = sockets.listenPorts(inodes);
            out.put(pid, new TreeUsage(pid, alive, ticks, rss, ports, accepted(sockets, inodes, ports)));
        }
        return out;
    }

    /**
     * {processes, cpu ticks, memory bytes} of a worker: from its cgroup when it has one (every
     * process it started, however it detached), else summed over its tree in /proc; null when gone.
     */
    private static long[] usage(long pid) {
        WorkerCgroups.WorkerGroup g = WorkerCgroups.ofPid(pid);
        List<Long> procs = new ArrayList<>();
        long[] fromGroup = g == null ? null : WorkerCgroups.usage(g, procs);
        if (fromGroup != null && fromGroup[0] == 0) {
            fromGroup = null; // not in it yet (its prologue is still running): its tree, as without a group
        }
        if (fromGroup != null && fromGroup[2] >= 0) {
            return fromGroup;
        }
        long[] sum = {0, 0, 0};
        for (long p : fromGroup != null ? procs : SocketTable.treePidsBlocking(pid)) {
            long[] use = cpuAndRss(p);
            if (use != null) {
                sum[0]++;
                sum[1] += use[0];
                sum[2] += use[1];
            }
        }
        if (fromGroup != null) {
            sum[1] = fromGroup[1]; // the group's CPU time, but memory summed: no memory controller counts it
        }
        return sum[0] == 0 ? null : sum;
    }

    /**
     * How long each process has run, in clock ticks (left out when gone): the span over which a
     * first CPU figure is averaged, as ps(1) does, so that it needs no second sample.
     */
    public static Map<Long, Long> agesBlocking(Collection<Long> pids) {
        Map<Long, Long> out = new HashMap<>();
        if (pids.isEmpty()) {
            return out;
        }
        long nowTicks;
        try {
            String uptime = Files.readString(PROC.resolve("uptime"));
            nowTicks = Math.round(Double.parseDouble(uptime.substring(0, uptime.indexOf(' '))) * CLK_TCK);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (long pid : pids) {
            ProcStat.startTimeOf(pid).ifPresent(start -> out.put(pid, Math.max(0, nowTicks - start)));
        }
        return out;
    }

    /** The resident memory of this JVM, in bytes (for agent.info). */
    public static long selfRssBytes() {
        long[] use = cpuAndRss(ProcessHandle.current().pid());
        return use == null ? 0 : use[1];
    }

    /** Connections a server accepted have the listening port as their local port. */
    static int accepted(SocketTable.Snapshot sockets, Set<Long> inodes, Set<Integer> ports) {
        Set<Long> mine = new HashSet<>(inodes);
        int n = 0;
        for (SocketTable.Entry e : sockets.entries()) {
            if (e.isEstablished() && mine.contains(e.inode()) && ports.contains(e.localPort())) {
                n++;
            }
        }
        return n;
    }

    /** {utime + stime ticks, rss bytes}, or null when the process is gone. */
    private static long[] cpuAndRss(long pid) {
        try {
            Path dir = PROC.resolve(Long.toString(pid));
            ProcStat stat = ProcStat.parse(Files.readString(dir.resolve("stat")));
            String[] statm = Files.readString(dir.resolve("statm")).trim().split("\\s+");
            return new long[] {stat.utime() + stat.stime(), Long.parseLong(statm[1]) * PAGE_BYTES};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
