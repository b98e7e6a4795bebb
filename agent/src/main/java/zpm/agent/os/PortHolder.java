package zpm.agent.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds a port a worker could not take: the listening sockets on the port (/proc/net/tcp,
 * tcp6), then the process with one of them among its fds (/proc/PID/fd), and its name
 * (/proc/PID/comm). Asked only when a worker of an app with a port exits young: a crash loop
 * then names its cause ("port 8080 is in use by pid 4242 (nginx)") instead of showing only as
 * danger. A socket held by the agent's own workers (SO_REUSEPORT: the port is shared) is no
 * conflict. Blocking: reads every process's fd links, a few ms.
 */
public final class PortHolder {

    private PortHolder() {
    }

    /** The cause to show, or null when nothing outside the agent listens on the port. */
    public static String describeBlocking(int port) {
        Set<Long> listening;
        try {
            listening = SocketTable.readBlocking().listenInodes(port);
        } catch (IOException e) {
            return null;
        }
        if (listening.isEmpty()) {
            return null;
        }
        boolean ours = false;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(SocketTable.PROC, "[0-9]*")) {
            for (Path dir : procs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (SocketTable.socketInodesBlocking(pid, false).stream().noneMatch(listening::contains)) {
                    continue;
                }
                if (isAgentOrDescendant(pid)) {
                    ours = true;
                    continue;
                }
                return "port " + port + " is in use by pid " + pid + " (" + comm(pid) + ")";
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return ours ? null : "port " + port + " is in use by a process the agent cannot see (another user's, or"
                + " another namespace)";
    }

    private static boolean isAgentOrDescendant(long pid) {
        long agent = ProcessHandle.current().pid();
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        for (int depth = 0; p.isPresent() && depth < 64; depth++) {
            if (p.get().pid() == agent) {
                return true;
            }
            p = p.get().parent();
        }
        return false;
    }

    private static String comm(long pid) {
        try {
            return Files.readString(SocketTable.PROC.resolve(pid + "/comm")).trim();
        } catch (IOException e) {
            return "gone";
        }
    }
}
