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
        return chromium.all(rowsCss(app) + ".state-online td.c-pid").stream().map(WebElement::getText)
                .filter(t -> t.matches("\\d+")).map(Long::parseLong).sorted().collect(Collectors.toList());
    }

    /** Waits until exactly these pids are shown online for the app. */
    void awaitOnlinePids(String app, List<Long> pids) {
        List<Long> sorted = pids.stream().sorted().collect(Collectors.toList());
        chromium.waiting().withMessage(() -> "online pids of " + app + " shown: " + onlinePids(app) + ", expected "
                + sorted).until(d -> onlinePids(app).equals(sorted));
    }

    WebElement appButton(String app, String cls) {
        return chromium.one("section.app[data-app='" + app + "'] .app-head button." + cls);
    }

    String text(String css) {
        return chromium.one(css).getText();
    }
}
