package dev.claimschallenge.keycloak.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless browser: Debian's chromium driven through its chromedriver (both from apt;
 * .ci/run installs them). Nothing is downloaded. Where they are missing the browser tests are
 * skipped with a message, except in CI, where that is a failure.
 */
public final class HeadlessChrome {

    private HeadlessChrome() {
    }

    public static WebDriver start() {
        File binary = new File(System.getProperty("it.browser.binary", "/usr/bin/chromium"));
        File driver = new File(System.getProperty("it.browser.driver", "/usr/bin/chromedriver"));
        boolean available = binary.canExecute() && driver.canExecute();
        String missing = "No browser for the admin-page tests: install Debian's chromium and chromium-driver "
                + "(or set -Dit.browser.binary and -Dit.browser.driver)";
        if (!available && System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        Assumptions.assumeTrue(available, missing);
        try {
            Path profile = Files.createTempDirectory("it-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binary);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1440,1000", "--lang=en-US", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
            ChromeDriver chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return chrome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the page to target/screenshots/{name}.png (docs/images holds the published copies). */
    public static Path screenshot(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("it.screenshots", "target/screenshots")));
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
