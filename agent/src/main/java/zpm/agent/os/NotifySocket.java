package zpm.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's {@code NOTIFY_SOCKET}: a unix datagram socket (the JDK has none) bound to a path of
 * its own, read by the io loop. Each datagram is systemd's sd_notify format: {@code KEY=VALUE}
 * lines, e.g. {@code READY=1}, {@code STATUS=serving}, {@code WATCHDOG=1}. File descriptors sent
 * along ({@code systemd-notify}'s {@code BARRIER=1}) are dropped: plain recv() closes them, which
 * is what releases the sender's barrier.
 */
final class NotifySocket {

    /** Longest path that fits sockaddr_un with its NUL. */
    static final int MAX_PATH_BYTES = 107;

    private static final Logger log = LoggerFactory.getLogger(NotifySocket.class);

    private NotifySocket() {
    }

    /** A worker's NOTIFY_SOCKET: its fd and the path it is bound to (removed with it). */
    record Endpoint(int fd, Path path) {
        static Endpoint open(Path path) throws IOException, NativeSpawn.Failure {
            Files.deleteIfExists(path); // left by an agent that was killed
            return new Endpoint(NotifySocket.open(path), path);
        }

        void close() {
            NativeSpawn.closeAll(fd);
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.debug("cannot remove {}: {}", path, e.toString());
            }
        }
    }

    /** A non-blocking datagram socket bound to {@code path} (which must not exist); returns its fd. */
    static int open(Path path) throws NativeSpawn.Failure {
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES) {
            throw new NativeSpawn.Failure("NOTIFY_SOCKET path longer than " + MAX_PATH_BYTES + " bytes: " + path);
        }
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new NativeSpawn.Failure("cannot make a NOTIFY_SOCKET: " + LibC.describe(e.getErrorCode()));
        }
        Memory addr = new Memory(LibC.SOCKADDR_UN_BYTES);
        addr.clear();
        addr.setShort(0, (short) LibC.AF_UNIX);
        addr.write(2, bytes, 0, bytes.length);
        try {
            LibC.bind(fd, addr, 2 + bytes.length + 1);
        } catch (LastErrorException e) {
            NativeSpawn.closeAll(fd);
            throw new NativeSpawn.Failure("cannot bind NOTIFY_SOCKET " + path + ": " + LibC.describe(e.getErrorCode()));
        }
        return fd;
    }

    /** One datagram's {@code KEY=VALUE} lines; later keys win, lines without '=' are skipped. */
    static Map<String, String> parse(byte[] buf, int len) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(buf, 0, len, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
