package zpm.agent.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

import java.nio.charset.StandardCharsets;

/**
 * The agent as a systemd {@code Type=notify} service: sd_notify(3) to the {@code NOTIFY_SOCKET}
 * systemd gave the agent ({@code READY=1} once it serves, {@code STOPPING=1} when it quits). A
 * unix datagram the JDK cannot send: socket and sendto through JNA, as {@link NotifySocket} reads
 * the workers' own. A path starting with '@' is in the abstract namespace (a NUL first byte).
 * Without NOTIFY_SOCKET nothing here loads (JNA's libc is touched only when the variable is set).
 * Workers never get this socket: {@link OsLauncher} gives each its own, or none.
 */
public final class SystemdNotify {

    private final String socket;

    private SystemdNotify(String socket) {
        this.socket = socket;
    }

    /** The agent's own NOTIFY_SOCKET, or null when it does not run under systemd's notify. */
    public static SystemdNotify fromEnvironment() {
        String socket = System.getenv("NOTIFY_SOCKET");
        return socket == null || socket.isEmpty() ? null : new SystemdNotify(socket);
    }

    public String socket() {
        return socket;
    }

    /** Blocking (one datagram). Sends {@code KEY=VALUE} lines; null when sent, else why not. */
    public String sendBlocking(String message) {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (path.length > NotifySocket.MAX_PATH_BYTES) {
            return "NOTIFY_SOCKET path longer than " + NotifySocket.MAX_PATH_BYTES + " bytes: " + socket;
        }
        if (path[0] == '@') {
            path[0] = 0;
        }
        LibC.require();
        int fd;
        try {
            fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return "cannot make a socket: " + LibC.describe(e.getErrorCode());
        }
        try {
            Memory addr = new Memory(LibC.SOCKADDR_UN_BYTES);
            addr.clear();
            addr.setShort(0, (short) LibC.AF_UNIX);
            addr.write(2, path, 0, path.length);
            // an abstract name's length is exact (no NUL); a path's includes its NUL
            int len = 2 + path.length + (path[0] == 0 ? 0 : 1);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            LibC.sendto(fd, bytes, bytes.length, 0, addr, len);
            return null;
        } catch (LastErrorException e) {
            return "cannot send to NOTIFY_SOCKET " + socket + ": " + LibC.describe(e.getErrorCode());
        } finally {
            NativeSpawn.closeAll(fd);
        }
    }
}
