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
 * <p>A sysctl of the whole network namespace is not the agent's to change unasked: it sets it
 * only when the operator said so ({@code agent.tcpMigrate: true} or {@code --tcp-migrate}), once,
 * the first time an app with a port is added, and logs the change and how to leave it out.
 * Without that setting it only reads the value and, when it is 0, warns once naming the setting.
 */
public final class TcpMigrate {

    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");

    private static final Logger log = LoggerFactory.getLogger(TcpMigrate.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private TcpMigrate() {
    }

    /**
     * Blocking (a /proc read and maybe a write): call off the event loop. Acts once per JVM.
     *
     * @param allowed the operator's consent to write the sysctl
     */
    public static void ensureOnceBlocking(boolean allowed) {
        if (DONE.compareAndSet(false, true)) {
            if (allowed) {
                ensureBlocking(SYSCTL);
            } else {
                warnIfOffBlocking(SYSCTL);
            }
        }
    }

    /** The value in force ("1", "0"), or null when the kernel has none or it cannot be read. Blocking. */
    public static String currentBlocking() {
        return read(SYSCTL);
    }

    private static String read(Path sysctl) {
        try {
            return Files.readString(sysctl, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** Without consent: reads only, and says what a 0 costs and which setting changes it. */
    static String warnIfOffBlocking(Path sysctl) {
        String was = read(sysctl);
        if (was == null) {
            return null;
        }
        if (!was.equals("1")) {
            log.warn("net.ipv4.tcp_migrate_req is {}: a worker that stops resets the connections still queued on "
                    + "its listener. The agent changes this machine-wide setting only when allowed: set "
                    + "agent.tcpMigrate: true (or --tcp-migrate) and run it as root, or run "
                    + "'sysctl -w net.ipv4.tcp_migrate_req=1' yourself (docs/workers.md)", was);
        }
        return was;
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
            log.info("set net.ipv4.tcp_migrate_req=1 (was {}) because agent.tcpMigrate is true: connections "
                    + "queued on a stopping worker's listener now go to another worker of the port. This holds for "
                    + "the whole network namespace and stays after the agent exits; to leave it alone, drop "
                    + "agent.tcpMigrate / --tcp-migrate, and 'sysctl -w net.ipv4.tcp_migrate_req={}' undoes it",
                    was, was);
            return "1";
        } catch (IOException e) {
            log.warn("net.ipv4.tcp_migrate_req is {} and this agent may not change it ({}): a worker that "
                    + "stops resets the connections still queued on its listener; as root run "
                    + "'sysctl -w net.ipv4.tcp_migrate_req=1' (docs/workers.md)", was, e.getMessage());
            return was;
        }
    }
}
