package zpm.agent.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says of a process: its open fds, threads, resident memory and zombie children. */
final class ProcFacts {

    /**
     * The memory options bin/zpm-agent gives the agent's JVM (heap, metaspace, code cache, stacks,
     * direct memory, unpooled Netty buffers): an RSS figure is then the one a user would see.
     */
    static final List<String> LAUNCHER_MEMORY = List.of("-Xms8m", "-Xmx96m", "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:MaxDirectMemorySize=64m",
            "-Dio.netty.allocator.type=unpooled");

    private ProcFacts() {
    }

    static int openFds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int threads(long pid) {
        return (int) statusField(pid, "Threads:");
    }

    static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** A number from /proc/PID/status, e.g. {@code VmRSS:   123456 kB}. */
    private static long statusField(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Processes in state Z whose parent is {@code parent}: children it never reaped. */
    static List<Long> zombieChildren(long parent) {
        List<Long> zombies = new ArrayList<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    String[] f = statFields(p.resolve("stat"));
                    if (f != null && f[0].equals("Z") && Long.parseLong(f[1]) == parent) {
                        zombies.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zombies;
    }

    /** The fields of /proc/PID/stat after the command name (state, ppid, ...); null once gone. */
    private static String[] statFields(Path stat) {
        try {
            String text = Files.readString(stat);
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // exited between the listing and the read
        }
    }
}
