package zpm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a background agent for a state directory: {@code setsid <zpm.home>/bin/zpm-agent
 * --daemon-child ...} (a session of its own: no terminal, no hang-up when ours closes), then waits
 * until it wrote agent.json with its own pid. This is what {@code zpm-agent --daemon} does, done
 * here so that a cold start runs two JVMs in a row, not three. Until it serves, the agent's
 * stderr goes to a file read here: a refusal it prints (a port in use, a bad saved.json) is the
 * reason shown; once it serves, the agent points its stderr at /dev/null itself.
 */
final class AgentStarter {

    /** As long as zpm-agent --daemon waits for its agent (a first start after a build records its class archive). */
    private static final long WAIT_MS = Long.getLong("zpm.agentStartWaitMs", 30_000);
    private static final long POLL_MS = 10;

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
        List<String> cmd = new ArrayList<>(List.of("setsid", zpmHome.resolve("bin").resolve("zpm-agent").toString(),
                "--daemon-child", "--state-dir", stateDir.toString()));
        cmd.add("--rpc");
        cmd.add(rpc != null ? rpc : defaultDir ? "127.0.0.1:7700" : "127.0.0.1:0");
        cmd.add("--http");
        cmd.add(http != null ? http : defaultDir ? "127.0.0.1:7701" : "127.0.0.1:0");
        return cmd;
    }

    /** Runs the command, then returns the agent it started. */
    static AgentFile start(List<String> cmd, Path stateDir) {
        if (!Files.isExecutable(Path.of(cmd.get(1)))) {
            throw new StartFailed("could not run " + cmd.get(1) + ": no such executable (zpm looks for zpm-agent beside"
                    + " itself, in the zpm.home that bin/zpm passes)");
        }
        Path errFile = null;
        try {
            errFile = Files.createTempFile("zpm-agent-start", ".err");
            // Not pipes: the detached agent must hold nothing of ours open, or a pipe reader would wait for it.
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(devNull()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.to(errFile.toFile())).start();
            return await(p, cmd, stateDir, errFile);
        } catch (IOException e) {
            throw new StartFailed("could not run " + String.join(" ", cmd.subList(0, 2)) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailed("interrupted while starting the agent");
        } finally {
            deleteQuietly(errFile);
        }
    }

    /** The agent's agent.json once it names this process (setsid and the launcher exec, so the pid stays). */
    private static AgentFile await(Process p, List<String> cmd, Path stateDir, Path errFile)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            Optional<AgentFile> agent = AgentFile.live(stateDir).filter(a -> a.pid() == p.pid());
            if (agent.isPresent()) {
                return agent.get();
            }
            if (p.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                String why = Files.readString(errFile, StandardCharsets.UTF_8).strip();
                throw new StartFailed("could not start an agent on " + stateDir + " (" + cmd.get(1) + " exited with "
                        + p.exitValue() + " before it served" + (why.isEmpty() ? ")" : "): " + why));
            }
        }
        String why = Files.readString(errFile, StandardCharsets.UTF_8).strip();
        throw new StartFailed("the agent started on " + stateDir + " (pid " + p.pid() + ") did not write its "
                + AgentFile.NAME + " within " + WAIT_MS + " ms; it may still be starting: see agent.log in its log"
                + " directory" + (why.isEmpty() ? "" : " (" + why + ")"));
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
