package zpm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a background agent for a state directory: {@code <zpm.home>/bin/zpm-agent --daemon},
 * which detaches the agent, waits until it wrote agent.json and exits. Then reads that file.
 */
final class AgentStarter {

    /** zpm-agent --daemon waits up to 30 s for its agent; a little more for the JVM around it. */
    private static final long WAIT_SECONDS = 45;

    private AgentStarter() {
    }

    /** Failed to start one: the reason for the operator and the exit code. */
    static final class StartFailed extends RuntimeException {
        StartFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The agent command for {@code stateDir}: the user's --rpc/--http when given; the defaults
     * (127.0.0.1:7700/7701) for the default state directory; any free port for another one, so
     * that two state directories never fight over a port.
     */
    static List<String> command(Path zpmHome, Path stateDir, boolean defaultDir, String rpc, String http) {
        List<String> cmd = new ArrayList<>(List.of(zpmHome.resolve("bin").resolve("zpm-agent").toString(), "--daemon",
                "--state-dir", stateDir.toString()));
        cmd.add("--rpc");
        cmd.add(rpc != null ? rpc : defaultDir ? "127.0.0.1:7700" : "127.0.0.1:0");
        cmd.add("--http");
        cmd.add(http != null ? http : defaultDir ? "127.0.0.1:7701" : "127.0.0.1:0");
        return cmd;
    }

    /** Runs the command, then returns the agent it started. */
    static AgentFile start(List<String> cmd, Path stateDir) {
        Path errFile = null;
        try {
            errFile = Files.createTempFile("zpm-agent-start", ".err");
            // Not pipes: the detached agent must hold nothing of ours open, or a pipe reader would wait for it.
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.to(errFile.toFile())).start();
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new StartFailed("the agent did not start within " + WAIT_SECONDS + " s (" + String.join(" ", cmd) + ")");
            }
            String why = Files.readString(errFile, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new StartFailed("could not start an agent on " + stateDir + " (" + cmd.get(0) + " exited with "
                        + p.exitValue() + (why.isEmpty() ? ")" : "): " + why));
            }
            return AgentFile.live(stateDir).orElseThrow(() -> new StartFailed("the agent started on " + stateDir
                    + " wrote no usable " + AgentFile.NAME + (why.isEmpty() ? "" : ": " + why)));
        } catch (IOException e) {
            throw new StartFailed("could not run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailed("interrupted while starting the agent");
        } finally {
            deleteQuietly(errFile);
        }
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temp file left behind costs nothing
            }
        }
    }
}
