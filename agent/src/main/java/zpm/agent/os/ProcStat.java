package zpm.agent.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/PID/stat}, and the small readers around it.
 *
 * <p>The command name (field 2) is in parentheses and may itself hold spaces and ')', so every
 * numeric field is taken after the <em>last</em> ')'. Field numbers below are those of proc(5).
 *
 * @param pid       field 1
 * @param comm      field 2, without the parentheses
 * @param state     field 3 ('R', 'S', 'Z', ...)
 * @param ppid      field 4
 * @param pgrp      field 5, the process group
 * @param session   field 6
 * @param utime     field 14, clock ticks
 * @param stime     field 15, clock ticks
 * @param startTime field 22, clock ticks after boot: with the pid it names one process for good
 */
public record ProcStat(long pid, String comm, char state, long ppid, long pgrp, long session,
                       long utime, long stime, long startTime) {

    private static final Path PROC = Path.of("/proc");

    /** Parses the text of a {@code /proc/PID/stat} file; IllegalArgumentException when malformed. */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + abbreviate(line));
        }
        // after ") " come fields 3, 4, ...: index i holds field i + 3
        String[] f = line.substring(close + 1).trim().split(" +");
        if (f.length < 20 || f[0].length() != 1) {
            throw new IllegalArgumentException("short /proc stat line: " + abbreviate(line));
        }
        try {
            return new ProcStat(Long.parseLong(line.substring(0, open).trim()),
                    line.substring(open + 1, close), f[0].charAt(0),
                    Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in /proc stat line: " + abbreviate(line), e);
        }
    }

    /** The stat of a live or zombie process; empty when there is no such process (or no /proc). */
    public static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            // gone between listing and reading, or not Linux: both mean "no such process" here
            return Optional.empty();
        }
    }

    /** Start time (field 22) of a process, empty when gone. */
    public static Optional<Long> startTimeOf(long pid) {
        return read(pid).map(ProcStat::startTime);
    }

    /**
     * True while the process {@code pid} that started at {@code startTime} still runs: false when
     * gone, a zombie (it cannot run again, only wait to be reaped), or the pid now names another
     * process (a different start time).
     */
    public static boolean isRunning(long pid, long startTime) {
        return read(pid).filter(s -> s.startTime == startTime && !s.zombie()).isPresent();
    }

    /**
     * The argv of a process from {@code /proc/PID/cmdline}; empty when gone, a zombie or a kernel
     * thread (their cmdline is empty).
     */
    public static Optional<List<String>> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            String s = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            return Optional.of(List.of((s.endsWith("\0") ? s.substring(0, s.length() - 1) : s).split("\0", -1)));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Every process in /proc, skipping those that vanish while being read. Costs a few ms. */
    public static List<ProcStat> all() {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC, ProcStat::isPidDir)) {
            for (Path p : dir) {
                read(Long.parseLong(p.getFileName().toString())).ifPresent(out::add);
            }
        } catch (IOException e) {
            // no /proc: nothing to report
        }
        return out;
    }

    public boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    private static boolean isPidDir(Path p) {
        String name = p.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
