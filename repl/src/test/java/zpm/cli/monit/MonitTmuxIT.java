package zpm.cli.monit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.protocol.client.ZpmClient;
import zpm.repl.testing.AgentProcess;
import zpm.repl.testing.Await;
import zpm.repl.testing.Tmux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * monit in a real terminal: tmux runs {@link MonitMain} against a real agent JVM with two
 * {@code sleep} workers; the test presses keys and reads the pane. Skipped where tmux is not
 * installed (CI installs it).
 */
class MonitTmuxIT {

    private static final Duration SCREEN = Duration.ofSeconds(20);
    /** A worker row of the table: the selection mark or a blank, then ID, SLOT, APP. */
    private static final Pattern ROW = Pattern.compile("^[> ] +(\\d+) +(\\d+) +sleepy ", Pattern.MULTILINE);

    /** Two workers that say who they are on stdout, then sleep: a line for the logs section. */
    private static final String SAYS_HELLO = "apps:\n  - name: sleepy\n"
            + "    command: [sh, -c, 'echo hello from worker $ZPM_WORKER_ID; exec sleep 100000']\n    size: 2\n"
            + "    killTimeout: 2000\n";

    @TempDir
    Path dir;

    private AgentProcess agent;
    private ZpmClient client;
    private String socket;
    private Tmux tmux;

    @BeforeEach
    void tmuxNeeded() {
        assumeTrue(Tmux.installed(), "tmux is not installed");
    }

    /** Starts the agent with {@code config} and its {@code workers}, then monit in a tmux pane. */
    private void start(String config, int workers) throws Exception {
        agent = AgentProcess.start(dir, config);
        agent.awaitWorkers(workers);
        client = ZpmClient.builder().host("127.0.0.1").port(Integer.parseInt(agent.address().split(":")[1]))
                .token(Files.readString(agent.tokenFile()).strip()).build();
        client.connect();
        socket = "zpm-monit-it-" + ProcessHandle.current().pid();
        tmux = new Tmux(socket, Map.of());
        String java = ProcessHandle.current().info().command().orElse("java");
        String monit = String.join(" ", Tmux.quote(java), "-XX:TieredStopAtLevel=1", "-cp",
                Tmux.quote(System.getProperty("java.class.path")), MonitMain.class.getName(), agent.address(),
                Tmux.quote(agent.tokenFile().toString()));
        // After monit: its exit code, and whether the terminal is back in line mode with echo.
        String after = "; echo EXIT=$?; echo MODES=$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '); sleep 60";
        tmux("new-session", "-d", "-s", "monit", "-x", "120", "-y", "40", monit + after);
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null) {
            endPaneProcesses();
            tmux("kill-server");
        }
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void showsBothWorkersRestartsTheAppByKeyAndQuitsRestoringTheTerminal() throws Exception {
        start(SAYS_HELLO, 2);
        Set<Long> before = statusIds();
        assertThat(before).hasSize(2);
        String screen = screenShows("both workers", s -> shownIds(s).equals(before));
        assertThat(screen).contains("zpm monit  " + agent.address() + "  all apps").contains(MonitLayout.HELP)
                .contains("-- events").contains("-- logs of sleepy").containsPattern("ID +SLOT +APP +PID +STATE");

        tmux("send-keys", "-t", "monit", "r");
        screenShows("the confirmation", s -> s.contains("restart sleepy (rolling: one worker at a time)? y/n"));
        tmux("send-keys", "-t", "monit", "y");
        screen = screenShows("two new workers, the old ones gone", s -> {
            Set<Long> shown = shownIds(s);
            return shown.size() == 2 && shown.stream().noneMatch(before::contains) && s.contains("sleepy restarted");
        });
        assertThat(shownIds(screen)).isEqualTo(statusIds());
        assertThat(screen).contains("restart   sleepy").contains("online    sleepy worker");
        for (long id : shownIds(screen)) {
            screenShows("worker " + id + "'s line, followed", s -> s.contains("out hello from worker " + id));
        }

        tmux("send-keys", "-t", "monit", "q");
        screen = screenShows("monit's exit", s -> s.contains("MODES="));
        assertThat(screen).contains("EXIT=0").contains("MODES=icanon echo").doesNotContain(MonitLayout.HELP);
        assertThat(tmux("display-message", "-p", "-t", "monit", "#{alternate_on} #{cursor_flag}").strip()).isEqualTo("0 1");
    }

    @Test
    void plusScalesUpAResizedTerminalIsLaidOutAgainAndCtrlCQuits() throws Exception {
        start(SAYS_HELLO, 2);
        screenShows("both workers", s -> shownIds(s).equals(statusIds()));
        tmux("send-keys", "-t", "monit", "+");
        screenShows("the third worker", s -> s.contains("sleepy: size 3, 3 online") && shownIds(s).size() == 3);
        Set<Long> ids = statusIds();
        assertThat(ids).hasSize(3);
        tmux("resize-window", "-t", "monit", "-x", "50", "-y", "12");
        String screen = screenShows("the narrow layout", s -> s.lines().allMatch(l -> l.length() <= 50)
                && s.contains("up/down select  r restart app  +/- scale app") && shownIds(s).equals(ids));
        assertThat(screen.lines().count()).isLessThanOrEqualTo(12);
        tmux("send-keys", "-t", "monit", "C-c");
        screenShows("monit's exit", s -> s.contains("MODES=") && s.contains("EXIT=0"));
    }

    @Test
    void aLostAgentEndsMonitWithTheConnectionsExitCodeAndWhy() throws Exception {
        start(SAYS_HELLO, 2);
        screenShows("both workers", s -> shownIds(s).equals(statusIds()));
        agent.close();
        String screen = screenShows("monit's exit", s -> s.contains("MODES="));
        assertThat(screen).contains("zpm monit: the connection to " + agent.address() + " was lost").contains("EXIT=3")
                .contains("MODES=icanon echo");
    }

    @Test
    void aFloodOfLogLinesNeitherStallsTheViewNorTheKeys() throws Exception {
        int lines = Integer.getInteger("zpm.it.monitFloodLines", 20_000);
        Path go = dir.resolve("go");
        // The worker waits for the test's word, so the flood comes while monit follows its logs.
        start("apps:\n  - name: sleepy\n    command: [sh, -c, 'while [ ! -f " + go + " ]; do sleep 0.05; done; i=0; "
                + "while [ $i -lt " + lines + " ]; do i=$((i+1)); echo flood line $i; done; echo flood done; exec sleep 100000']\n"
                + "    size: 1\n    killTimeout: 2000\n", 1);
        screenShows("the worker and its logs section", s -> shownIds(s).size() == 1 && s.contains("-- logs of sleepy"));
        Files.createFile(go);
        // The end of a burst reaches a follower (what it could not take is counted, before it), and
        // monit draws what comes and still takes keys at once.
        screenShows("the flood's lines", s -> s.contains("out flood line "));
        Await.until("the flood's last line", Duration.ofSeconds(60), () -> {
            String s = screen();
            return s.contains("out flood done") ? s : null;
        }, this::screen);
        tmux("send-keys", "-t", "monit", "r");
        screenShows("the confirmation", s -> s.contains("restart sleepy (rolling: one worker at a time)? y/n"));
        tmux("send-keys", "-t", "monit", "n");
        screenShows("the cancel", s -> s.contains("restart of sleepy cancelled"));
        long sent = System.nanoTime();
        tmux("send-keys", "-t", "monit", "q");
        screenShows("monit's exit", s -> s.contains("EXIT=0"));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
    }

    private Set<Long> statusIds() {
        Set<Long> ids = new TreeSet<>();
        for (JsonNode w : client.call("status").path("workers")) {
            ids.add(w.path("id").asLong());
        }
        return ids;
    }

    static Set<Long> shownIds(String screen) {
        Set<Long> ids = new TreeSet<>();
        Matcher m = ROW.matcher(screen);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private String screenShows(String what, java.util.function.Predicate<String> test) {
        return Await.until(what, SCREEN, () -> {
            String s = screen();
            return test.test(s) ? s : null;
        }, this::screen);
    }

    private String screen() {
        return tmux.screen("monit");
    }

    /** The pane's shell and what it runs (monit's JVM, sleep), by pid, so none outlives the test. */
    private void endPaneProcesses() {
        try {
            long shell = Long.parseLong(tmux("display-message", "-p", "-t", "monit", "#{pane_pid}").strip());
            ProcessHandle.of(shell).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        } catch (IOException | NumberFormatException e) {
            // The session is gone already: nothing runs in it.
        }
    }

    private String tmux(String... args) throws IOException {
        return tmux.run(args);
    }
}
