package zpm.cli.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The systemd unit that runs the agent as a service ({@code zpm startup}), and writing or removing
 * it ({@code zpm startup --install}, {@code zpm unstartup}).
 *
 * <p>The unit is {@code Type=notify}: the agent sends {@code READY=1} itself once it serves, so
 * {@code systemctl start} returns when the apps are being started, not when the JVM was forked.
 * {@code KillMode=mixed}: a stop sends SIGTERM to the agent alone, which stops each app with its
 * own {@code stopSignal} and {@code killTimeout} (a rolling order, not every worker at once as
 * {@code control-group} would do, behind the agent's back); whatever is left in the service's
 * cgroup once the agent has exited (a daemon a worker left behind) then gets SIGKILL from
 * systemd. {@code Delegate=yes}: the agent makes a cgroup per worker under its own, which systemd
 * allows only in a delegated subtree.
 */
public final class SystemdUnit {

    /** The unit's file name, under the system or the user unit directory. */
    public static final String FILE_NAME = "zpm.service";

    /**
     * What the unit runs: {@code user} = a user unit ({@code systemctl --user}); {@code zpmHome} = the
     * root holding {@code bin/zpm-agent}; {@code javaHome} (may be null) pins the JDK the CLI runs on
     * (systemd's PATH is not the user's); {@code rpc}, {@code http} (may be null) the listeners.
     */
    public record Options(boolean user, Path zpmHome, Path stateDir, String javaHome, String rpc, String http) {
    }

    /** Runs {@code systemctl} with these arguments; tests pass a recorder, never the real one. */
    @FunctionalInterface
    public interface Systemctl {
        void run(List<String> args) throws IOException;
    }

    private SystemdUnit() {
    }

    /** The unit text for these options; a path or address systemd cannot carry is refused. */
    public static String unit(Options o) {
        StringBuilder u = new StringBuilder();
        u.append("# zpm agent as a service: written by `zpm startup`, removed by `zpm unstartup`.\n");
        u.append("[Unit]\nDescription=zpm process supervisor agent (state directory ")
                .append(specifierSafe(o.stateDir().toString())).append(")\n");
        if (!o.user()) {
            u.append("After=network.target\n");
        }
        u.append("\n[Service]\nType=notify\nNotifyAccess=main\n");
        if (o.javaHome() != null && !o.javaHome().isEmpty()) {
            u.append("Environment=").append(quote("JAVA_HOME=" + o.javaHome(), false)).append('\n');
        }
        u.append("ExecStart=").append(execStart(o)).append('\n');
        u.append("Restart=on-failure\nRestartSec=2\nKillMode=mixed\nDelegate=yes\n");
        u.append("\n[Install]\nWantedBy=").append(o.user() ? "default.target" : "multi-user.target").append('\n');
        return u.toString();
    }

    /** Where {@link #install} writes the unit: {@code <root>/etc/systemd/system} or {@code <home>/.config/systemd/user}. */
    public static Path unitFile(Options o, Path root, Path home) {
        Path dir = o.user() ? home.resolve(".config/systemd/user") : root.resolve("etc/systemd/system");
        return dir.resolve(FILE_NAME);
    }

    /** The unit file on this machine for these options. */
    public static Path unitFile(Options o) {
        return unitFile(o, Path.of("/"), Path.of(System.getProperty("user.home")));
    }

    /** Writes the unit on this machine, then {@code systemctl [--user] daemon-reload} and {@code enable}. */
    public static Path install(Options o) throws IOException {
        return install(o, unitFile(o), SystemdUnit::systemctlBlocking);
    }

    /** Writes the unit to {@code file} (atomically, mode 0644), then reloads and enables it through {@code systemctl}. */
    public static Path install(Options o, Path file, Systemctl systemctl) throws IOException {
        String text = unit(o);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, text);
        // 0644 whatever the umask: systemd and `systemctl --user` read it, nothing in it is secret.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        systemctl.run(systemctlArgs(o, "daemon-reload"));
        systemctl.run(systemctlArgs(o, "enable", FILE_NAME));
        return file;
    }

    /** Disables and removes the unit on this machine; the agent it runs keeps running until it is stopped. */
    public static boolean uninstall(Options o) throws IOException {
        return uninstall(o, unitFile(o), SystemdUnit::systemctlBlocking);
    }

    /** Disables the unit and deletes {@code file}; false when there was none (nothing done). */
    public static boolean uninstall(Options o, Path file, Systemctl systemctl) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        systemctl.run(systemctlArgs(o, "disable", FILE_NAME));
        Files.delete(file);
        systemctl.run(systemctlArgs(o, "daemon-reload"));
        return true;
    }

    /** The one line to tell a user who asked for {@code --user}: without lingering, the unit starts only at their login. */
    public static String lingerHint() {
        return "a user unit starts at boot only with lingering on: loginctl enable-linger $USER";
    }

    static List<String> systemctlArgs(Options o, String... verb) {
        List<String> args = new ArrayList<>();
        args.add("systemctl");
        if (o.user()) {
            args.add("--user");
        }
        args.addAll(List.of(verb));
        return args;
    }

    private static String execStart(Options o) {
        List<String> argv = new ArrayList<>();
        argv.add(o.zpmHome().toAbsolutePath().resolve("bin/zpm-agent").toString());
        argv.add("--state-dir");
        argv.add(o.stateDir().toAbsolutePath().toString());
        if (o.rpc() != null) {
            argv.add("--rpc");
            argv.add(o.rpc());
        }
        if (o.http() != null) {
            argv.add("--http");
            argv.add(o.http());
        }
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            line.append(line.length() == 0 ? "" : " ").append(quote(arg, true));
        }
        return line.toString();
    }

    /**
     * One word as systemd reads it: in double quotes, with {@code \} and {@code "} escaped,
     * {@code %} doubled (specifiers) and, on a command line, {@code $} doubled (variable expansion).
     */
    static String quote(String word, boolean commandLine) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : specifierSafe(word).toCharArray()) {
            if (c == '\\' || c == '"') {
                q.append('\\');
            }
            q.append(c == '$' && commandLine ? "$$" : String.valueOf(c));
        }
        return q.append('"').toString();
    }

    private static String specifierSafe(String text) {
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("a control character (code " + (int) c + ") in \"" + text.strip()
                        + "\" cannot go into a systemd unit: use a path without it");
            }
        }
        return text.replace("%", "%%");
    }

    private static void systemctlBlocking(List<String> args) throws IOException {
        Process p = new ProcessBuilder(args).inheritIO().start();
        try {
            int code = p.waitFor();
            if (code != 0) {
                throw new IOException(String.join(" ", args) + " exited " + code + " (see its message above)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", args) + " interrupted", e);
        }
    }
}
