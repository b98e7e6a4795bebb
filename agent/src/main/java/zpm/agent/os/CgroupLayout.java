package zpm.agent.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where this process's cgroups are, read from {@code /proc/self/mountinfo} (which hierarchies are
 * mounted where) and {@code /proc/self/cgroup} (our path in each). Pure parsing; the files are
 * read once by {@link #detectBlocking()}.
 *
 * <p>Three shapes are common: pure v2 (one {@code cgroup2} mount, usually at /sys/fs/cgroup);
 * hybrid (v1 hierarchies per controller plus a {@code cgroup2} mount, e.g. at
 * /sys/fs/cgroup/unified, often with no controllers); and none (a container without /sys/fs/cgroup).
 *
 * @param v2     this process's own v2 cgroup directory, or null without a cgroup2 mount
 * @param v1     v1 controller name (memory, cpu, cpuacct, pids, freezer, ...) to this process's
 *               own directory in that hierarchy
 * @param mounts every cgroup and cgroup2 mount point (a recorded group must lie under one)
 */
public record CgroupLayout(Path v2, Map<String, Path> v1, List<Path> mounts) {

    public static final CgroupLayout NONE = new CgroupLayout(null, Map.of(), List.of());

    public CgroupLayout {
        v1 = Map.copyOf(v1);
        mounts = List.copyOf(mounts);
    }

    /** Reads the running process's layout; {@link #NONE} when /proc cannot be read. */
    public static CgroupLayout detectBlocking() {
        return detectBlocking(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    static CgroupLayout detectBlocking(Path mountinfo, Path selfCgroup) {
        try {
            return parse(Files.readString(mountinfo), Files.readString(selfCgroup));
        } catch (IOException e) {
            return NONE;
        }
    }

    /** One mount of a cgroup hierarchy: its root inside the hierarchy, where it is, its options. */
    private record Mount(String root, Path point, boolean v2, List<String> options) {
    }

    static CgroupLayout parse(String mountinfo, String selfCgroup) {
        List<Mount> mounts = mounts(mountinfo);
        Path v2 = null;
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : selfCgroup.split("\n")) {
            String[] f = line.split(":", 3); // hierarchy-id:controllers:path
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2 = mounts.stream().filter(Mount::v2).map(m -> dirOf(m, f[2])).filter(p -> p != null)
                        .findFirst().orElse(null);
                continue;
            }
            for (String controller : f[1].split(",")) {
                for (Mount m : mounts) {
                    Path dir = !m.v2() && m.options().contains(controller) ? dirOf(m, f[2]) : null;
                    if (dir != null && !controller.isEmpty()) {
                        v1.putIfAbsent(controller, dir);
                    }
                }
            }
        }
        return new CgroupLayout(v2, v1, mounts.stream().map(Mount::point).toList());
    }

    /** Our directory under a mount: the mount shows the hierarchy from its root down. */
    private static Path dirOf(Mount m, String path) {
        if (m.root().equals("/")) {
            return Path.of(m.point() + path).normalize();
        }
        if (path.equals(m.root()) || path.startsWith(m.root() + "/")) {
            return Path.of(m.point() + path.substring(m.root().length())).normalize();
        }
        return null; // our group is outside what this mount shows (another namespace's mount)
    }

    /** mountinfo: id parent major:minor root point options [optional...] - fstype source superoptions. */
    private static List<Mount> mounts(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || dash + 1 >= f.length) {
                continue;
            }
            String type = f[dash + 1];
            if (!type.equals("cgroup") && !type.equals("cgroup2")) {
                continue;
            }
            String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
            out.add(new Mount(unescape(f[3]), Path.of(unescape(f[4])), type.equals("cgroup2"),
                    List.of(superOptions.split(","))));
        }
        return out;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes (\040). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** True when {@code dir} lies under one of the cgroup mounts (a recorded path is checked so). */
    public boolean underMount(Path dir) {
        Path d = dir.normalize();
        return mounts.stream().anyMatch(m -> d.startsWith(m) && !d.equals(m));
    }
}
