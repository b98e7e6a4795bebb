package zpm.agent.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Users and groups for an app's {@code user} / {@code group}: looked up in /etc/passwd and
 * /etc/group (the files setpriv's name lookup reads too on a machine without NSS services; a name
 * only LDAP knows is refused here: give its number). Blocking (small file reads).
 */
public final class Accounts {

    /** A user's uid and primary gid. */
    public record User(String name, long uid, long gid) {
    }

    private Accounts() {
    }

    /** The user by name or uid, or null when /etc/passwd has none. */
    public static User userBlocking(String nameOrUid) {
        for (String[] f : entries(Path.of("/etc/passwd"))) {
            if (f.length >= 4 && (f[0].equals(nameOrUid) || f[2].equals(nameOrUid))) {
                try {
                    return new User(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The gid of a group by name or gid, or -1 when /etc/group has none. */
    public static long groupBlocking(String nameOrGid) {
        for (String[] f : entries(Path.of("/etc/group"))) {
            if (f.length >= 3 && (f[0].equals(nameOrGid) || f[2].equals(nameOrGid))) {
                try {
                    return Long.parseLong(f[2]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** This process's effective uid, from /proc/self/status ("Uid: real effective saved fs"). */
    public static long effectiveUidBlocking() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static List<String[]> entries(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).map(l -> l.split(":", -1))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
