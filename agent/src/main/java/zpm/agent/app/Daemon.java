package zpm.agent.app;

import zpm.agent.state.AgentAddress;
import zpm.protocol.jsonrpc.JsonTree;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code zpm-agent --daemon}: the same agent, detached. Java cannot fork, so this JVM runs its own
 * command line again (from /proc/self/cmdline: the same java, JVM options and flags) without
 * {@code --daemon} and with {@code --daemon-child}, under {@code setsid} (a session of its own: no
 * terminal, no hang-up when ours closes), stdin and stdout from and to /dev/null. The child's
 * stderr is a pipe read here until the child wrote agent.json with its pid: a refusal it prints
 * before serving (another agent holds the state directory, a port in use) is shown by this
 * command, which exits 1; once it serves, the child points stderr at /dev/null itself
 * ({@code Detach}), its log being agent.log.
 */
final class Daemon {

    static final String CHILD_FLAG = "--daemon-child";
    private static final long WAIT_MS = Long.getLong("zpm.daemonWaitMs", 30_000);
    private static final int MAX_ERR_BYTES = 16 * 1024;

    private Daemon() {
    }

    /** Starts the detached agent and waits for it; returns the exit code. */
    static int launch(Path stateDir, PrintStream out, PrintStream err) {
        List<String> cmd;
        Process child;
        try {
            cmd = childCommand(Files.readAllBytes(Path.of("/proc/self/cmdline")));
            child = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            err.println("zpm-agent: could not start the background agent: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        StringBuilder childErr = new StringBuilder();
        Thread reader = drain(child.getErrorStream(), childErr);
        return await(child, reader, childErr, stateDir, out, err);
    }

    /** This JVM's command line under setsid, {@code --daemon} swapped for {@link #CHILD_FLAG}. */
    static List<String> childCommand(byte[] cmdline) {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            if (!arg.equals("--daemon")) {
                cmd.add(arg);
            }
        }
        cmd.add(CHILD_FLAG);
        return cmd;
    }

    private static int await(Process child, Thread reader, StringBuilder childErr, Path stateDir, PrintStream out,
                             PrintStream err) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            JsonNode address = readAddress(stateDir);
            if (address != null && address.path("pid").asLong() == child.pid()) {
                out.println("zpm-agent: started in the background, pid " + child.pid() + ", state directory "
                        + stateDir + ", rpc " + address.path("rpc").asText());
                return Main.EXIT_OK;
            }
            try {
                if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
                    reader.join(2_000);
                    err.print(text(childErr));
                    err.println("zpm-agent: the background agent exited with code " + child.exitValue()
                            + " before it served; nothing was started");
                    return Main.EXIT_FAILED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        err.print(text(childErr));
        err.println("zpm-agent: the background agent (pid " + child.pid() + ") did not write "
                + stateDir.resolve(AgentAddress.FILE_NAME) + " within " + WAIT_MS + " ms; it may still be starting:"
                + " see agent.log in its log directory");
        return Main.EXIT_FAILED;
    }

    private static JsonNode readAddress(Path stateDir) {
        try {
            return JsonTree.read(Files.readAllBytes(stateDir.resolve(AgentAddress.FILE_NAME)));
        } catch (IOException | RuntimeException e) {
            return null; // not there yet (or being replaced: the next look sees it)
        }
    }

    /** The child's stderr until it closes, kept up to {@link #MAX_ERR_BYTES}. */
    private static Thread drain(InputStream in, StringBuilder into) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (into) {
                        if (into.length() < MAX_ERR_BYTES) {
                            into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (IOException e) {
                // the child closed it, or we are exiting
            }
        }, "zpm-daemon-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(StringBuilder b) {
        synchronized (b) {
            return b.toString();
        }
    }
}
