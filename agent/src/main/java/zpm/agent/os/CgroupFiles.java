package zpm.agent.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes of cgroupfs control files (each one small, blocking, microseconds). */
final class CgroupFiles {

    private CgroupFiles() {
    }

    /** One write(2) of {@code value}: cgroupfs takes a whole value per write. */
    static void write(Path file, String value) throws IOException {
        Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    }

    static boolean writeQuietly(Path file, String value) {
        try {
            write(file, value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String readOr(Path file, String otherwise) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return otherwise;
        }
    }

    /** The number after {@code key} in a "key value" per line file (memory.events, cpu.stat), or -1. */
    static long field(Path file, String key) {
        for (String line : readOr(file, "").split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** A single number file (memory.usage_in_bytes, memory.current), or -1. */
    static long number(Path file) {
        try {
            return Long.parseLong(readOr(file, "").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The pids in a group's {@code cgroup.procs}; empty when the group is gone. */
    static List<Long> procs(Path group) {
        List<Long> pids = new ArrayList<>();
        for (String line : readOr(group.resolve("cgroup.procs"), "").split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.trim()));
            }
        }
        return pids;
    }

    /** The child groups of a group (cgroupfs lists them as directories among its files). */
    static List<Path> children(Path group) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(group, Files::isDirectory)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /**
     * rmdir of a group; true when it is gone (or was). Fails while a process is still in it (EBUSY)
     * or it has child groups.
     */
    static boolean remove(Path group) {
        try {
            Files.delete(group);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
