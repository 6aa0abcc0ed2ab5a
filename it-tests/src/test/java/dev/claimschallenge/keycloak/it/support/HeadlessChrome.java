package dev.claimschallenge.keycloak.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        ItConfig.assumeInstalled(binary.canExecute() && driver.canExecute(), "No browser for the admin-page tests: "
                + "install Debian's chromium and chromium-driver (or set -Dit.browser.binary and -Dit.browser.driver)");
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

    /**
     * For {@code @RegisterExtension}: when a test fails, saves what {@code browser} showed, as a
     * screenshot and the page's HTML next to the other screenshots, and says where.
     */
    public static org.junit.jupiter.api.extension.TestWatcher evidenceOnFailure(java.util.function.Supplier<WebDriver> browser) {
        return new org.junit.jupiter.api.extension.TestWatcher() {
            @Override
            public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
                WebDriver driver = browser.get();
                if (driver == null) {
                    return;
                }
                Path png = screenshot(driver, "failed-" + context.getRequiredTestMethod().getName());
                try {
                    Files.writeString(png.resolveSibling(png.getFileName().toString().replace(".png", ".html")), driver.getPageSource());
                } catch (IOException e) {
                    // the screenshot is there
                }
                System.err.println("Browser at " + driver.getCurrentUrl() + ", see " + png);
            }
        };
    }

    /** Opens {@code consoleUrl} and logs in to the admin console as the tests' admin; returns once the console shows. */
    public static void logInToConsole(WebDriver browser, org.openqa.selenium.support.ui.WebDriverWait wait, String consoleUrl) {
        browser.get(consoleUrl);
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(org.openqa.selenium.By.id("username")))
                .sendKeys(ItConfig.ADMIN_USER);
        browser.findElement(org.openqa.selenium.By.id("password")).sendKeys(ItConfig.ADMIN_PASSWORD);
        browser.findElement(org.openqa.selenium.By.id("kc-login")).click();
        wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                org.openqa.selenium.By.cssSelector("[data-testid='view-header']")));
    }

    /** Replaces a text field's content as a person would: select all, delete, type. */
    public static void replaceText(org.openqa.selenium.support.ui.WebDriverWait wait, org.openqa.selenium.By field, String text) {
        org.openqa.selenium.WebElement element = wait.until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(field));
        element.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
        element.sendKeys(text);
    }

    /** Types row {@code index} of a policy page's claims list; leaving the value field (blur) is what stores the row in the form. */
    public static void typeClaimRow(WebDriver browser, org.openqa.selenium.support.ui.WebDriverWait wait, int index, String claim, String values) {
        org.openqa.selenium.By key = org.openqa.selenium.By.cssSelector("[data-testid='config.required_claims_list." + index + ".key']");
        replaceText(wait, key, claim);
        replaceText(wait, org.openqa.selenium.By.cssSelector("[data-testid='config.required_claims_list." + index + ".value']"), values);
        browser.findElement(key).click();
    }

    /** The policy page's client picker is a typeahead that searches as one types; it may drop keys typed while it loads, so retry. */
    public static void chooseClient(WebDriver browser, org.openqa.selenium.support.ui.WebDriverWait wait, String clientId) {
        org.openqa.selenium.By option = org.openqa.selenium.By.xpath("//*[@role='option'][contains(normalize-space(), '" + clientId + "')]");
        for (int attempt = 1; ; attempt++) {
            org.openqa.selenium.WebElement input = wait.until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                    org.openqa.selenium.By.cssSelector("[id='config.client'] input[role='combobox']")));
            input.click();
            input.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
            input.sendKeys(clientId);
            try {
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                        .until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(option)).click();
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
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
