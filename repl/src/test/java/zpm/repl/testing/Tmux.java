package zpm.repl.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tmux server of a test's own ({@code tmux -L NAME}), for tests that drive a program in a real
 * terminal: start it in a session, type keys, read the pane. Commands run with TERM=xterm-256color
 * and outside any tmux the build itself runs in.
 */
public final class Tmux {

    private final String socket;
    private final Map<String, String> env;

    /** @param env extra environment of the server (the panes inherit it when the server starts) */
    public Tmux(String socket, Map<String, String> env) {
        this.socket = socket;
        this.env = Map.copyOf(env);
    }

    public static boolean installed() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code tmux -L socket ARGS...}; its output, or an IOException when it fails (kill-server may). */
    public String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().remove("TMUX");
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || (p.exitValue() != 0 && !args[0].equals("kill-server"))) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The pane's text now (capture-pane drops trailing blanks), or why there is none. */
    public String screen(String target) {
        try {
            return run("capture-pane", "-p", "-t", target);
        } catch (IOException e) {
            return "(no screen: " + e + ")";
        }
    }

    /** {@code s} as one word for the shell tmux runs a session's command with. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
