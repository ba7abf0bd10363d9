package io.tiergate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: never a browser a tool
 * downloads. One instance per test, with its own empty profile; screenshots land in
 * {@code target/screenshots}.
 */
public final class Browser implements AutoCloseable {

    private static final Path SCREENSHOTS = Processes.root().resolve("target/screenshots");

    private final WebDriver driver;
    private final Path profile;

    public Browser() {
        try {
            profile = Files.createTempDirectory("tiergate-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1366,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    /** Signs in on Keycloak's login page, which the gateway has redirected to. */
    public Browser signIn(String user, String password) {
        waitFor(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        // back from the identity provider (its pages live under /realms/) before anything is read
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("/realms/"));
        return this;
    }

    public org.openqa.selenium.WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = driver.getPageSource();
            throw new AssertionError("no " + locator + " on " + driver.getCurrentUrl() + " (title '" + driver.getTitle()
                    + "'), page starts: " + page.substring(0, Math.min(600, page.length())), e);
        }
    }

    public String heading() {
        return waitFor(By.tagName("h1")).getText();
    }

    /**
     * Runs axe-core's WCAG 2 A and AA rules on the current page and returns the violations
     * ("rule-id: how many elements"); empty when the page passes.
     */
    @SuppressWarnings("unchecked")
    public java.util.List<String> accessibilityViolations() {
        var js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript(AXE_SOURCE);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return (java.util.List<String>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.length + ' (' + v.help + ')')))
                   .catch(e => done(['axe failed: ' + e]));""");
    }

    private static final String AXE_SOURCE = readAxe();

    private static String readAxe() {
        try {
            return Files.readString(Path.of(Processes.run(java.util.List.of("bash", "scripts/ensure-axe.sh"), 300)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
