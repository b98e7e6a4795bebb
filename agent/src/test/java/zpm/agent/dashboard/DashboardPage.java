package zpm.agent.dashboard;

import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What the tests do on the dashboard page, by the ids and classes the page's own code sets. */
final class DashboardPage {

    private final Chromium chromium;
    private final String base;

    DashboardPage(Chromium chromium, String base) {
        this.chromium = chromium;
        this.base = base;
    }

    /** A fresh page with nothing in its session storage: the login form. */
    DashboardPage open() {
        chromium.driver.get(base + "/");
        chromium.js("sessionStorage.clear()");
        chromium.driver.navigate().refresh();
        chromium.one("#token");
        chromium.consoleProblems(); // what the previous page said as it went (a WebSocket cut short) is not this page's
        return this;
    }

    /** Types the token and presses Enter. */
    void typeToken(String token) {
        WebElement field = chromium.one("#token");
        field.clear();
        field.sendKeys(token, Keys.ENTER);
    }

    /** Logs in and waits until the apps are shown. */
    DashboardPage login(String token) {
        typeToken(token);
        chromium.waiting().until(d -> d.findElement(By.id("main")).isDisplayed()
                && !d.findElements(By.cssSelector("section.app")).isEmpty());
        return this;
    }

    String rowsCss(String app) {
        return "section.app[data-app='" + app + "'] tr.worker";
    }

    /** The pids shown for the app's workers in the online state. */
    List<Long> onlinePids(String app) {
        // read in one script: rows are replaced as the page refreshes, so an element found by one
        // command may be gone by the next
        Object texts = chromium.js("return Array.from(document.querySelectorAll(arguments[0]), e => e.textContent)",
                rowsCss(app) + ".state-online td.c-pid");
        return ((List<?>) texts).stream().map(String::valueOf)
                .filter(t -> t.matches("\\d+")).map(Long::parseLong).sorted().collect(Collectors.toList());
    }

    /** Waits until exactly these pids are shown online for the app. */
    void awaitOnlinePids(String app, List<Long> pids) {
        List<Long> sorted = pids.stream().sorted().collect(Collectors.toList());
        chromium.waiting().withMessage(() -> "online pids of " + app + " shown: " + onlinePids(app) + ", expected "
                + sorted).until(d -> onlinePids(app).equals(sorted));
    }

    /** Waits until the app's panel shows this state. */
    void awaitAppState(String app, String state) {
        chromium.waiting().until(d -> state.equals(chromium.js(
                "const b = document.querySelector(arguments[0]); return b && b.textContent",
                "section.app[data-app='" + app + "'] .badge")));
    }

    WebElement appButton(String app, String cls) {
        return chromium.one("section.app[data-app='" + app + "'] .app-head button." + cls);
    }

    String text(String css) {
        return chromium.one(css).getText();
    }

    /** The row showing the worker with this pid. */
    WebElement row(String app, long pid) {
        return chromium.waiting().until(d -> d.findElements(By.cssSelector(rowsCss(app))).stream()
                .filter(r -> r.findElement(By.className("c-pid")).getText().equals(String.valueOf(pid)))
                .findFirst().orElse(null));
    }

    /**
     * Waits until the action of this label has its answer and an event containing {@code event}
     * (failing at once on an error answer); returns the answer's line.
     */
    String awaitAction(String label, String event) {
        return chromium.waiting().withMessage(() -> "action \"" + label + "\" with an event containing \"" + event
                + "\"; actions shown: " + chromium.one("#actions").getText()).until(d -> {
            for (WebElement entry : d.findElements(By.cssSelector("#actions .action-entry"))) {
                if (!entry.findElement(By.className("action-label")).getText().equals(label)) {
                    continue;
                }
                // the state first: the page sets it and the answer's line in one task, so once the
                // state is read as settled, the line read next is the answer's
                String state = entry.getAttribute("data-state");
                String status = entry.findElement(By.className("action-status")).getText();
                if ("failed".equals(state)) {
                    throw new AssertionError(label + " failed: " + status);
                }
                boolean seen = entry.findElement(By.className("action-events")).getText().contains(event);
                return "done".equals(state) && seen ? status : null;
            }
            return null;
        });
    }
}
