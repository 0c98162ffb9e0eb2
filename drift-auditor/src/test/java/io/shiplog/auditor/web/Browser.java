package io.shiplog.auditor.web;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its chromedriver ({@code apt-get install chromium chromium-driver};
 * other paths through {@code -Dshiplog.chromium=} and {@code -Dshiplog.chromedriver=}). Never downloads a browser.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A browser whose relative addresses are {@code base}'s. */
    static Browser open(String base) {
        Path chromium = Path.of(System.getProperty("shiplog.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("shiplog.chromedriver", "/usr/bin/chromedriver"));
        for (Path binary : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: the web view's browser tests need Debian's "
                        + "chromium and its driver (apt-get install -y chromium chromium-driver)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), base);
    }

    /** Opens {@code path} of the auditor, or an absolute address such as {@code about:blank}. */
    void go(String path) {
        driver.get(path.startsWith("/") ? base + path : path);
    }

    ChromeDriver driver() {
        return driver;
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The element {@code css} once it is there and shown. */
    WebElement find(String css) {
        return until(() -> {
            WebElement element = driver.findElement(By.cssSelector(css));
            return element.isDisplayed() ? element : null;
        });
    }

    /** The visible text of {@code css} once {@code expected} is part of it. */
    String textOnceItHas(String css, String expected) {
        return until(() -> {
            String text = driver.findElement(By.cssSelector(css)).getText();
            return text.contains(expected) ? text : null;
        });
    }

    Optional<WebElement> maybe(String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The first non-null answer of {@code probe}, retried while the page is being redrawn. */
    <T> T until(Callable<T> probe) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof NoSuchElementException
                        || e instanceof StaleElementReferenceException)
                .until(probe, value -> value != null);
    }

    /** A screenshot and the page's HTML in target/screenshots/, named after {@code name}. */
    void keep(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** Keeps a screenshot and the page of each failed test, from the browser last given to {@link #watch}. */
    static final class ScreenshotOnFailure implements TestWatcher {

        private static volatile Browser current;

        static void watch(Browser browser) {
            current = browser;
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            Browser browser = current;
            if (browser != null) {
                browser.keep(context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName());
            }
        }
    }
}
