package zpm.agent.dashboard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Both paths are given to Selenium,
 * so Selenium Manager is never asked for a driver or a browser (it would try to download one).
 * Every process it started (chromedriver, the browser and its helpers) is ended by pid on close.
 */
final class Chromium implements AutoCloseable {

    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Duration DEADLINE = Duration.ofSeconds(30);

    final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Set<ProcessHandle> started;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Set<ProcessHandle> started) {
        this.driver = driver;
        this.service = service;
        this.started = started;
    }

    /** Skips the test (a JUnit assumption) where the packages are missing. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER),
                "needs a headless Chromium and its driver: apt-get install -y chromium chromium-driver "
                        + "(Debian's packages; .ci/run installs them)");
    }

    static Chromium start(Path profile) throws Exception {
        assumeInstalled();
        Set<Long> before = children();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + profile, "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync");
        // the console, to see that the page broke no rule of its own policy (a violation is an error there)
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        Set<ProcessHandle> started = ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()))
                .filter(p -> p.info().command().map(c -> c.contains("chrom")).orElse(false))
                .collect(Collectors.toSet());
        return new Chromium(driver, service, started);
    }

    private static Set<Long> children() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    WebDriverWait waiting() {
        // the page replaces rows as it refreshes: an element gone between two commands is looked up again
        return (WebDriverWait) new WebDriverWait(driver, DEADLINE, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return waiting().until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** What the page wrote to the console at warning level or above since the last call. */
    List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(e -> e.getLevel() + " " + e.getMessage()).collect(Collectors.toList());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
