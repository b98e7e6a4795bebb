package zpm.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import zpm.agent.app.AgentProcess;

/**
 * The page outlives its agent: when the agent stops it says so in a banner, and when an agent is
 * back on the same ports and state directory it reconnects and logs in again by itself, with the
 * token it kept in the tab's session storage.
 */
class DashboardReconnectIT {

    @TempDir
    Path dir;
    private AgentProcess agent;
    private Chromium chromium;

    @AfterEach
    void end() throws Exception {
        Fixtures.end(chromium, agent);
    }

    @Test
    void thePageShowsTheAgentGoneAndReconnectsWhenItIsBack() throws Exception {
        Chromium.assumeInstalled();
        Path config = Fixtures.sleepers(dir, 1, "");
        int rpcPort = freePort();
        int httpPort = freePort();
        String[] ports = {"--rpc", "127.0.0.1:" + rpcPort, "--http", "127.0.0.1:" + httpPort};
        agent = AgentProcess.start(dir, config, ports);
        agent.awaitWorkers("sleepers", 1);
        chromium = Chromium.start(dir.resolve("profile"));
        DashboardPage page = new DashboardPage(chromium, "http://127.0.0.1:" + httpPort).open();
        page.login(agent.token());
        page.awaitOnlinePids("sleepers", agent.workerPids("sleepers"));
        chromium.js("window.zpmSamePage = true");

        agent.process.destroy(); // SIGTERM: the agent stops its workers and exits
        assertThat(agent.awaitExit(60)).isZero();
        agent.close();
        chromium.waiting().until(d -> d.findElement(By.id("banner")).isDisplayed());
        assertThat(page.text("#banner")).startsWith("Disconnected from the agent").contains("Reconnecting in");

        agent = AgentProcess.start(dir, config, ports);
        List<Long> back = agent.awaitWorkers("sleepers", 1);
        chromium.waiting().until(d -> !d.findElement(By.id("banner")).isDisplayed());
        page.awaitOnlinePids("sleepers", back);
        assertThat(chromium.one("#login").isDisplayed()).as("no second login").isFalse();
        assertThat(chromium.js("return window.zpmSamePage === true")).as("no reload").isEqualTo(true);
        assertThat(chromium.all("#events .entry.note")).extracting(e -> e.getText())
                .anyMatch(t -> t.contains("reconnected to the agent"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
