package zpm.repl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.repl.testing.AgentProcess;
import zpm.repl.testing.Await;
import zpm.repl.testing.Tmux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real terminal: tmux runs it in a pane, the test types keys and reads the
 * screen. Skipped where tmux is not installed (CI installs it: see .ci/run).
 */
class ReplTmuxIT {

    private static final Duration SCREEN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private AgentProcess agent;
    private String socket;
    private Tmux tmux;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Tmux.installed(), "tmux is not installed");
        agent = AgentProcess.start(dir, AgentProcess.SLEEPY);
        agent.awaitWorkers(2);
        socket = "zpm-it-" + ProcessHandle.current().pid();
        tmux = new Tmux(socket, Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        String console = String.join(" ", Tmux.quote(java), "-XX:TieredStopAtLevel=1", "-cp",
                Tmux.quote(System.getProperty("java.class.path")), "zpm.repl.Main", "connect", agent.address(),
                "--token-file", Tmux.quote(agent.tokenFile().toString()));
        // capture-pane drops trailing blanks: expected texts end without them.
        // Its own server (-L), started from here, so the pane has this environment (XDG_STATE_HOME).
        tmux("new-session", "-d", "-s", "repl", "-x", "160", "-y", "50", console + "; echo EXIT=$?; sleep 60");
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void tabCompletesACommandAndAnAppAndTheTableShowsOnScreen() throws Exception {
        screenShows("the prompt", "zpm " + agent.address() + " (1 app)>");
        tmux("send-keys", "-t", "repl", "stat", "Tab");
        screenShows("status completed", "> status");
        tmux("send-keys", "-t", "repl", "sle", "Tab");
        screenShows("sleepy completed", "> status sleepy");
        tmux("send-keys", "-t", "repl", "Enter");
        String screen = screenShows("the status table", "2 workers, 2 online");
        assertThat(screen).containsPattern("ID +SLOT +APP +PID +STATE +AGE +RESTARTS +CPU +MEM +CONNS");
        assertThat(screen.lines().filter(l -> l.contains("sleepy") && l.contains("online"))).hasSize(2);

        tmux("send-keys", "-t", "repl", "C-d");
        screenShows("a clean exit on Ctrl-D", "EXIT=0");
        Path history = dir.resolve("xdg/zpm/repl_history");
        assertThat(Files.readString(history)).contains("status sleepy");
    }

    @Test
    void ctrlCStopsFollowingEventsAndTheConsoleGoesOn() throws Exception {
        screenShows("the prompt", "(1 app)>");
        tmux("send-keys", "-t", "repl", "events --app sleepy", "Enter");
        screenShows("events watching", "watching all events of sleepy");
        tmux("send-keys", "-t", "repl", "C-c");
        tmux("send-keys", "-t", "repl", "resize sleepy 3", "Enter");
        String screen = screenShows("the resize with its progress", "sleepy: running, size 3, 3 workers, 3 online");
        assertThat(screen).contains("fork      sleepy worker");
        tmux("send-keys", "-t", "repl", "quit", "Enter");
        screenShows("quit", "EXIT=0");
    }

    @Test
    void aLoneAgentKeepsItsPromptAndNodesListsIt() throws Exception {
        String prompt = "zpm " + agent.address() + " (1 app)>";
        screenShows("the prompt", prompt);
        tmux("send-keys", "-t", "repl", "nodes", "Enter");
        String screen = screenShows("the nodes table", "1 node, 1 up");
        assertThat(screen).containsPattern("NAME +ADDRESS +VERSION +UP +APPS +WORKERS +STATE");
        Await.until("the prompt after it as before", SCREEN, () -> {
            String s = screen();
            return s.substring(s.indexOf("1 node, 1 up")).contains(prompt) ? s : null;
        }, this::screen);
        assertThat(screen()).doesNotContain("fleet");
        tmux("send-keys", "-t", "repl", "quit", "Enter");
        screenShows("quit", "EXIT=0");
    }

    private String screenShows(String what, String text) {
        return Await.until(what, SCREEN, () -> {
            String s = screen();
            return s.contains(text) ? s : null;
        }, this::screen);
    }

    private String screen() {
        return tmux.screen("repl");
    }

    private String tmux(String... args) throws IOException {
        return tmux.run(args);
    }
}
