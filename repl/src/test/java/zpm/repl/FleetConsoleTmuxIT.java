package zpm.repl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.Await;
import zpm.repl.testing.CannedFleet;
import zpm.repl.testing.Tmux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real terminal, connected to node a of a canned 3-node fleet: the greeting
 * names the node, the prompt shows the fleet, Tab offers a node's prefix and then its targets, status has the NODE column.
 */
class FleetConsoleTmuxIT {

    private static final Duration SCREEN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private CannedFleet fleet;
    private String socket;
    private Tmux tmux;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Tmux.installed(), "tmux is not installed");
        fleet = new CannedFleet();
        Path token = Files.writeString(dir.resolve("token"), "t\n");
        socket = "zpm-fleet-it-" + ProcessHandle.current().pid();
        tmux = new Tmux(socket, Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        String console = String.join(" ", Tmux.quote(java), "-XX:TieredStopAtLevel=1", "-cp",
                Tmux.quote(System.getProperty("java.class.path")), "zpm.repl.Main", "connect", fleet.address(),
                "--token-file", Tmux.quote(token.toString()));
        tmux.run("new-session", "-d", "-s", "repl", "-x", "160", "-y", "50", console + "; echo EXIT=$?; sleep 60");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            tmux.run("kill-server");
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void thePromptShowsTheFleetAndTabCompletesNodeTargets() throws Exception {
        String greeting = screenShows("the fleet's prompt", "zpm fleet 3 nodes>");
        assertThat(greeting).contains("connected to zpm agent x, node a on host vm-a (pid 1");
        tmux.run("send-keys", "-t", "repl", "restart b", "Tab");
        screenShows("the node's prefix, no space after it", "> restart b/");
        tmux.run("send-keys", "-t", "repl", "w", "Tab");
        screenShows("b's app", "> restart b/web");
        tmux.run("send-keys", "-t", "repl", "C-u", "status", "Enter");
        String screen = screenShows("the status table", "4 workers, 3 online");
        assertThat(screen).containsPattern("NODE +ID +SLOT +APP").contains("b/3").contains("node c is missing from this answer");
        tmux.run("send-keys", "-t", "repl", "quit", "Enter");
        screenShows("quit", "EXIT=0");
    }

    private String screenShows(String what, String text) throws IOException {
        return Await.until(what, SCREEN, () -> {
            String s = tmux.screen("repl");
            return s.contains(text) ? s : null;
        }, () -> tmux.screen("repl"));
    }
}
