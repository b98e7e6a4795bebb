package zpm.agent.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code net.ipv4.tcp_migrate_req}: when a worker's SO_REUSEPORT listener closes (a rolling
 * restart, a shrink), connections already in its accept queue are reset unless this is 1, which
 * makes the kernel (5.14+) hand them to another listener of the port. Measured here: without it,
 * a restart under load lost a request in two runs of three (ZeroDowntimeRestartIT).
 *
 * <p>The agent sets it once, the first time an app with a port is added, when it may (root in
 * its network namespace), and says so; otherwise it warns with the command to run.
 */
public final class TcpMigrate {

    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

    private static final Logger log = LoggerFactory.getLogger(TcpMigrate.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private TcpMigrate() {
    }

    /** Blocking (a /proc read and maybe a write): call off the event loop. Acts once per JVM. */
    public static void ensureOnceBlocking() {
        if (DONE.compareAndSet(false, true)) {
            ensureBlocking(SYSCTL);
        }
    }

    /** @return the value in force afterwards: "1", "0", or null when the kernel has no such setting */
    static String ensureBlocking(Path sysctl) {
        String was;
        try {
            was = Files.readString(sysctl, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            log.warn("net.ipv4.tcp_migrate_req does not exist (kernel before 5.14): a worker that stops "
                    + "resets the connections still queued on its listener; see docs/workers.md");
            return null;
        } catch (IOException e) {
            log.warn("cannot read {}: {}", sysctl, e.toString());
            return null;
        }
        if (was.equals("1")) {
            return was;
        }
        try {
            Files.writeString(sysctl, "1\n", StandardCharsets.US_ASCII);
            log.info("set net.ipv4.tcp_migrate_req=1 (was {}): connections queued on a stopping worker's "
                    + "listener now go to another worker of the port", was);
            return "1";
        } catch (IOException e) {
            log.warn("net.ipv4.tcp_migrate_req is {} and this agent may not change it ({}): a worker that "
                    + "stops resets the connections still queued on its listener; as root run "
                    + "'sysctl -w net.ipv4.tcp_migrate_req=1' (docs/workers.md)", was, e.getMessage());
            return was;
        }
    }
}
