package zpm.agent.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * TCP sockets as the kernel lists them in {@code /proc/net/tcp} and {@code /proc/net/tcp6}, and the
 * socket inodes a process tree holds ({@code /proc/PID/fd/* -> socket:[INODE]}). Matching the two
 * answers "does this worker's own process tree listen on port P", which a connect cannot answer
 * when several workers share the port with SO_REUSEPORT.
 *
 * <p>Pure JDK. Every {@code *Blocking} method reads /proc and must run off the event loop. The
 * parsing functions are pure (package-private, unit tested on sample text).
 */
public final class SocketTable {

    /** Kernel TCP state {@code TCP_ESTABLISHED}. */
    public static final int STATE_ESTABLISHED = 0x01;
    /** Kernel TCP state {@code TCP_LISTEN}. */
    public static final int STATE_LISTEN = 0x0A;

    static final Path PROC = Path.of("/proc");
    private static final Path TCP4 = PROC.resolve("net/tcp");
    private static final Path TCP6 = PROC.resolve("net/tcp6");

    private SocketTable() {
    }

    /** One row of /proc/net/tcp or /proc/net/tcp6: only the columns zpm needs. */
    public record Entry(int localPort, int state, long inode, boolean ipv6) {
        public boolean isListen() {
            return state == STATE_LISTEN;
        }

        public boolean isEstablished() {
            return state == STATE_ESTABLISHED;
        }
    }

    /** Both tables read once. Immutable: share one snapshot across all workers of a tick. */
    public static final class Snapshot {
        private final List<Entry> entries;

        public Snapshot(List<Entry> entries) {
            this.entries = List.copyOf(entries);
        }

        public List<Entry> entries() {
            return entries;
        }

        /** Inodes of LISTEN sockets bound to {@code port} (any address, IPv4 or IPv6). */
        public Set<Long> listenInodes(int port) {
            Set<Long> inodes = new HashSet<>();
            for (Entry e : entries) {
                if (e.isListen() && e.localPort() == port) {
                    inodes.add(e.inode());
                }
            }
            return inodes;
        }

        /** Ports on which one of {@code inodes} listens, sorted: what raises {@code listening}. */
        public Set<Integer> listenPorts(Collection<Long> inodes) {
            Set<Long> wanted = Set.copyOf(inodes);
            Set<Integer> ports = new TreeSet<>();
            for (Entry e : entries) {
                if (e.isListen() && wanted.contains(e.inode())) {
                    ports.add(e.localPort());
                }
            }
            return ports;
        }

        /** How many of {@code inodes} are ESTABLISHED connections (for {@code connections}). */
        public int establishedCount(Collection<Long> inodes) {
            Set<Long> wanted = Set.copyOf(inodes);
            int n = 0;
            for (Entry e : entries) {
                if (e.isEstablished() && wanted.contains(e.inode())) {
                    n++;
                }
            }
            return n;
        }

        /** True when a socket held by {@code pid} (or a descendant) listens on {@code port}. */
        public boolean treeListensOnBlocking(long pid, int port) {
            Set<Long> listening = listenInodes(port);
            if (listening.isEmpty()) {
                return false; // nothing listens: skip the fd scan
            }
            for (long inode : socketInodesBlocking(pid, true)) {
                if (listening.contains(inode)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Reads /proc/net/tcp and /proc/net/tcp6 (~5 ms each on a busy host). A missing tcp6 (IPv6
     * disabled) counts as empty; a missing tcp means there is no usable /proc and throws.
     */
    public static Snapshot readBlocking() throws IOException {
        List<Entry> entries = new ArrayList<>(parseTable(readString(TCP4), false));
        try {
            entries.addAll(parseTable(readString(TCP6), true));
        } catch (NoSuchFileException ipv6Disabled) {
            // kernel without IPv6: only the IPv4 table exists
        }
        return new Snapshot(entries);
    }

    /** Reads both tables and scans the tree's fds: for one-off checks (not per tick for many). */
    public static boolean treeListensOnBlocking(long pid, int port) throws IOException {
        return readBlocking().treeListensOnBlocking(pid, port);
    }

    /**
     * Socket inodes held open by {@code pid}, and by all its descendants when asked. Processes that
     * vanish or whose fds we may not read are skipped: a worker that exits mid-scan simply holds
     * nothing, and its exit reaches the core by another path.
     */
    public static Set<Long> socketInodesBlocking(long pid, boolean withDescendants) {
        Set<Long> inodes = new HashSet<>();
        Collection<Long> pids = withDescendants ? treePidsBlocking(pid) : List.of(pid);
        for (long p : pids) {
            collectSocketInodes(PROC.resolve(Long.toString(p)).resolve("fd"), inodes);
        }
        return inodes;
    }

    /**
     * {@code pid} and its descendants, from /proc/PID/task/TID/children (one small read per
     * process) rather than ProcessHandle.descendants(), which reads every /proc/N/stat each call.
     */
    static List<Long> treePidsBlocking(long pid) {
        List<Long> tree = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.removeFirst();
            if (!seen.add(p)) {
                continue; // a pid reused mid-walk must not loop us
            }
            tree.add(p);
            todo.addAll(childrenBlocking(p));
        }
        return tree;
    }

    private static List<Long> childrenBlocking(long pid) {
        List<Long> children = new ArrayList<>();
        Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    children.addAll(parsePidList(readString(task.resolve("children"))));
                } catch (IOException threadGone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | SecurityException processGone) {
            // the process ended, or it is not ours to look at
        }
        return children;
    }

    private static void collectSocketInodes(Path fdDir, Set<Long> into) {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fdDir)) {
            for (Path fd : dir) {
                try {
                    parseSocketLink(Files.readSymbolicLink(fd).toString()).ifPresent(into::add);
                } catch (IOException fdClosed) {
                    // closed between listing and reading
                }
            }
        } catch (IOException | SecurityException processGone) {
            // the process ended, or its fds are not readable by us
        }
    }

    private static String readString(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.US_ASCII);
    }

    // ---- pure parsing ------------------------------------------------------------------------

    /** Parses a whole /proc/net/tcp or tcp6 text; the header and malformed lines are skipped. */
    static List<Entry> parseTable(String text, boolean ipv6) {
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            Entry e = parseLine(line, ipv6);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    /**
     * One row: {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...};
     * the local port is the hex after the ':' of local_address, the state is hex, the inode decimal.
     * Returns null for the header or anything that does not parse.
     */
    static Entry parseLine(String line, boolean ipv6) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":")) {
            return null;
        }
        int colon = f[1].lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            int state = Integer.parseInt(f[3], 16);
            long inode = Long.parseLong(f[9]);
            return new Entry(port, state, inode, ipv6);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code socket:[12345]} -> 12345; anything else (files, pipes, anon inodes) -> empty. */
    static OptionalLong parseSocketLink(String target) {
        if (!target.startsWith("socket:[") || !target.endsWith("]")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(target.substring(8, target.length() - 1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The space-separated pids of a /proc/PID/task/TID/children file. */
    static List<Long> parsePidList(String text) {
        List<Long> pids = new ArrayList<>();
        for (String s : text.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                try {
                    pids.add(Long.parseLong(s));
                } catch (NumberFormatException ignored) {
                    // not a pid: the kernel writes only numbers, be lenient anyway
                }
            }
        }
        return pids;
    }
}
