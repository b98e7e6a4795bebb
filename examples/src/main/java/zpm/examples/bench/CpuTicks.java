package zpm.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the whole machine and of this JVM, in clock ticks, to tell how much of the
 * machine other programs used while a benchmark ran: on 2 cores a build next door shows up as
 * latency, so each figure comes with this number.
 *
 * @param machineBusy every core's non-idle ticks (/proc/stat, first line)
 * @param machineAll  every core's ticks
 * @param self        this process's user + system ticks (/proc/self/stat fields 14 and 15)
 */
record CpuTicks(long machineBusy, long machineAll, long self) {

    /** Zeros when /proc is not readable: the figure then says 0 %, which the reader can judge. */
    static CpuTicks now() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < cpu.length; i++) {
                all += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
            return new CpuTicks(all - idle, all, processTicks("/proc/self/stat"));
        } catch (IOException | RuntimeException e) {
            return new CpuTicks(0, 0, 0);
        }
    }

    /** A process's user + system ticks from its stat file; 0 when it cannot be read. */
    static long processTicks(String statFile) {
        try {
            String stat = Files.readString(Path.of(statFile));
            // fields after the command name, which may hold spaces: utime is field 14, so index 11
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Percent of the machine (all cores) kept busy by processes other than this one. */
    double othersPercentSince(CpuTicks before) {
        return othersPercentSince(before, 0);
    }

    /** The same, leaving out {@code alsoMine} ticks of another process measured (the agent). */
    double othersPercentSince(CpuTicks before, long alsoMine) {
        long all = Math.max(1, machineAll - before.machineAll);
        long others = (machineBusy - before.machineBusy) - (self - before.self) - alsoMine;
        return 100.0 * Math.max(0, others) / all;
    }
}
