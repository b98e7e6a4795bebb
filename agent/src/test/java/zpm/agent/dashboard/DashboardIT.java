package zpm.agent.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import zpm.agent.app.AgentProcess;
import zpm.agent.app.Await;
import zpm.protocol.client.ZpmClient;
import zpm.protocol.event.LifecycleEvent;

/**
 * The dashboard in a real headless Chromium against a real agent with real workers: one agent
 * and one browser for the class (each test starts from a fresh page with an empty session).
 */
class DashboardIT {

    /** Lines a worker prints that would run script if the page ever parsed them as HTML. */
    static final String IMG = "<img src=x onerror=\"window.zpmPwned=1\">";
    static final String SCRIPT = "<script>window.zpmPwned=2</script>";

    @TempDir
    static Path dir;
    static AgentProcess agent;
    static Chromium chromium;
    static String base;
    DashboardPage page;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        Path talker = dir.resolve("talker.sh");
        Files.writeString(talker, "printf '%s\\n' '" + IMG + "' '" + SCRIPT + "'\nexec sleep 100000\n");
        Path config = Fixtures.sleepers(dir, 2, """
                  - name: talker
                    command: [sh, "TALKER"]
                    size: 1
                  - name: spare
                    command: [sleep, "100000"]
                    size: 1
                """.replace("TALKER", talker.toString()));
        agent = AgentProcess.start(dir, config);
        agent.awaitWorkers("sleepers", 2);
        base = "http://127.0.0.1:" + agent.httpPort();
        chromium = Chromium.start(dir.resolve("profile"));
    }

    @AfterAll
    static void end() throws Exception {
        Fixtures.end(chromium, agent);
    }

    @BeforeEach
    void freshPage() {
        page = new DashboardPage(chromium, base).open();
    }

    @Test
    void theTokenLogsInAndTheTableShowsEveryWorker() throws Exception {
        page.login(agent.token());
        page.awaitOnlinePids("sleepers", agent.workerPids("sleepers"));
        page.awaitOnlinePids("talker", agent.workerPids("talker"));
        assertThat(page.text("#access")).isEqualTo("full token");
        assertThat(chromium.js("return sessionStorage.getItem('zpm.token')")).isEqualTo(agent.token());
        assertThat(chromium.driver.getCurrentUrl()).doesNotContain(agent.token());
        assertThat(chromium.all("section.app[data-app='sleepers'] .charts svg.chart")).hasSize(2);
        assertThat(chromium.js("return performance.getEntriesByType('resource')"
                + ".every(e => e.name.startsWith(location.origin) || e.name.startsWith('ws://' + location.host))"))
                .as("every request went to the agent").isEqualTo(true);
        assertThat(chromium.consoleProblems()).as("console warnings and errors (a CSP violation is one)").isEmpty();
    }

    @Test
    void aKilledWorkerTurnsRedAndItsReplacementAppearsWithoutAReload() throws Exception {
        page.login(agent.token());
        List<Long> before = agent.workerPids("sleepers");
        page.awaitOnlinePids("sleepers", before);
        chromium.js("window.zpmSamePage = true");
        long victim = before.get(0);
        String victimId = page.row("sleepers", victim).getAttribute("data-id");
        ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL, from outside the agent

        String dead = "tr.worker[data-id='" + victimId + "']";
        chromium.waiting().until(d -> !d.findElements(By.cssSelector(dead + ".state-crashed")).isEmpty());
        assertThat(page.text(dead + " td.c-exit")).contains("KILL");
        assertThat(chromium.one(dead + " td.c-state").getCssValue("color")).isEqualTo("rgba(197, 48, 48, 1)");
        List<Long> after = Await.until("a replacement", () -> {
            List<Long> pids = agent.workerPids("sleepers");
            return pids.size() == 2 && !pids.contains(victim) ? pids : null;
        });
        page.awaitOnlinePids("sleepers", after);
        assertThat(chromium.js("return window.zpmSamePage === true")).as("no reload").isEqualTo(true);
        assertThat(chromium.all("#events .entry.alarm[data-type='exit']")).isNotEmpty();
    }

    @Test
    void restartFromThePageRollsTheApp() throws Exception {
        List<LifecycleEvent> seen = new CopyOnWriteArrayList<>();
        try (ZpmClient watcher = agent.client()) {
            watcher.subscribe(List.of("restart"), "sleepers", seen::add);
            page.login(agent.token());
            List<Long> before = agent.awaitWorkers("sleepers", 2);
            page.awaitOnlinePids("sleepers", before);
            page.appButton("sleepers", "act-restart").click();

            assertThat(page.awaitAction("restart sleepers", "restart done")).startsWith("✓ replaced");
            assertThat(chromium.one("#actions .action-events").getText()).contains("restart begin", "online");
            Await.until("restart begin and done seen by another client", () -> seen.stream()
                    .map(e -> ((LifecycleEvent.Restart) e).phase().name()).collect(Collectors.toList())
                    .containsAll(List.of("BEGIN", "DONE")));
            List<Long> after = agent.awaitWorkers("sleepers", 2);
            assertThat(after).doesNotContainAnyElementsOf(before);
            page.awaitOnlinePids("sleepers", after);
        }
    }

    @Test
    void resizeSignalStopAndStartFromThePageAreEachConfirmedByEvents() throws Exception {
        page.login(agent.token());
        page.awaitOnlinePids("spare", agent.awaitWorkers("spare", 1));
        chromium.one("section.app[data-app='spare'] input.size-input").sendKeys("2");
        page.appButton("spare", "act-resize").click();
        assertThat(page.awaitAction("resize spare to 2", "size 1 → 2: reached")).contains("✓ app spare: running");
        List<Long> two = agent.awaitWorkers("spare", 2);
        page.awaitOnlinePids("spare", two);

        WebElement row = page.row("spare", two.get(0));
        new Select(row.findElement(By.className("signal-choice"))).selectByValue("TERM");
        row.findElement(By.className("act-signal")).click();
        String id = row.getAttribute("data-id");
        assertThat(page.awaitAction("signal TERM to worker " + id + " (spare slot " + row.getAttribute("data-slot")
                + ")", "signal TERM after")).contains("✓ TERM sent to " + id);

        page.appButton("spare", "act-stop").click();
        assertThat(page.awaitAction("stop spare", "(asked)")).contains("✓ app spare: stopped");
        agent.awaitWorkers("spare", 0);
        page.awaitAppState("spare", "stopped"); // start picks the size from what the page shows
        page.appButton("spare", "act-start").click();
        assertThat(page.awaitAction("start spare at size 1", "online")).contains("✓ app spare: running");
        page.awaitOnlinePids("spare", agent.awaitWorkers("spare", 1));
    }

    @Test
    void theReadOnlyTokenIsOfferedNoAction() throws Exception {
        page.login(Files.readString(agent.stateDir.resolve("token.readonly")).trim());
        page.awaitOnlinePids("sleepers", agent.workerPids("sleepers"));
        assertThat(page.text("#access")).contains("read-only");
        assertThat(chromium.all(".action")).as("action controls").isEmpty();
        assertThat(chromium.one("#actions-panel").isDisplayed()).isFalse();
        assertThat(chromium.all("button.view-logs")).as("logs stay readable").isNotEmpty();
    }

    @Test
    void aWrongTokenGetsAClearMessage() {
        page.typeToken("not-the-token");
        chromium.waiting().until(d -> d.findElement(By.id("login-error")).getText().startsWith("Wrong token"));
        assertThat(page.text("#login-error")).contains("invalid token");
        assertThat(chromium.one("#main").isDisplayed()).isFalse();
        assertThat(chromium.js("return sessionStorage.getItem('zpm.token')")).isNull();
    }

    @Test
    void markupAWorkerPrintsShowsAsTextAndNeverRuns() throws Exception {
        page.login(agent.token());
        page.appButton("talker", "view-logs").click();
        chromium.waiting().until(d -> {
            String logs = d.findElement(By.id("logs")).getText();
            return logs.contains(IMG) && logs.contains(SCRIPT);
        });
        assertThat(chromium.all("#logs img, #logs script")).isEmpty();
        assertThat(chromium.js("return window.zpmPwned === undefined")).isEqualTo(true);
    }

    @Test
    void thePageAndItsFilesCarryAStrictPolicy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        String csp = index.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).contains("default-src 'self'", "script-src 'self';", "frame-ancestors 'none'",
                "connect-src 'self' ws://127.0.0.1:" + agent.httpPort()).doesNotContain("unsafe");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/dashboard.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.headers().firstValue("Content-Security-Policy")).hasValue(csp);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/token"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain(agent.token());
    }

    /** With -Dzpm.dashboard.screenshot=PATH, a PNG of the page after a restart (docs/dashboard.png). */
    @Test
    @EnabledIfSystemProperty(named = "zpm.dashboard.screenshot", matches = ".+")
    void aScreenshotOfTheLoggedInPage() throws Exception {
        page.login(agent.token());
        page.appButton("sleepers", "act-restart").click();
        chromium.waiting().until(d -> "done".equals(d.findElement(By.cssSelector("#actions .action-entry"))
                .getAttribute("data-state")));
        page.appButton("talker", "view-logs").click();
        chromium.waiting().until(d -> d.findElement(By.id("logs")).getText().contains(IMG));
        // some samples, so that the charts show lines
        chromium.waiting().until(d -> d.findElement(By.cssSelector("polyline.chart-line")).getAttribute("points")
                .split(" ").length >= 6);
        Files.write(Path.of(System.getProperty("zpm.dashboard.screenshot")),
                chromium.driver.getScreenshotAs(OutputType.BYTES));
    }
}
