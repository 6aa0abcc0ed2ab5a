package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The "Required claims policies" page of the admin console, in a real headless browser: an admin
 * creates a policy, sees it after a reload, the admin API returns it, and invalid input shows a
 * message. The screenshots are the ones docs/ uses.
 */
@ExtendWith(KeycloakExtension.class)
class PolicyAdminPageIT {

    private static WebDriver browser;
    private static WebDriverWait wait;

    /** On failure: what the browser showed, as a screenshot and the page's HTML, next to the other screenshots. */
    @RegisterExtension
    final TestWatcher evidence = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                java.nio.file.Path png = HeadlessChrome.screenshot(browser, "failed-" + context.getRequiredTestMethod().getName());
                try {
                    java.nio.file.Files.writeString(png.resolveSibling(png.getFileName().toString().replace(".png", ".html")),
                            browser.getPageSource());
                } catch (java.io.IOException e) {
                    // the screenshot is there
                }
                System.err.println("Browser at " + browser.getCurrentUrl() + ", see " + png);
            }
        }
    };

    @BeforeAll
    static void openBrowserAndLogIn(KeycloakServer server) {
        browser = HeadlessChrome.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(listUrl(server));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(ItConfig.ADMIN_USER);
        browser.findElement(By.id("password")).sendKeys(ItConfig.ADMIN_PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='view-header']")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static String listUrl(KeycloakServer server) {
        return server.baseUrl() + "/admin/master/console/#/claims-demo/page-section/claims-challenge-policy";
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdminCreatesAPolicySeesItAfterAReloadAndTheApiReturnsIt(KeycloakServer server) {
        String api = new AdminApi(server).createSpaLikeClient("page-api-" + System.nanoTime(), Map.of());
        browser.get(listUrl(server));
        WebElement header = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='view-header']")));
        assertTrue(header.getText().contains("Required claims policies"), "the page title comes from the themes jar: " + header.getText());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table[aria-label='list']")));
        HeadlessChrome.screenshot(browser, "policies-list");

        browser.get(listUrl(server) + "/add");
        chooseClient(api);
        replaceText(By.cssSelector("[data-testid='required_claims']"),
                "[{\"name\":\"email_verified\",\"friendly_name\":\"Verified e-mail\",\"values\":[true]}]");
        replaceText(By.cssSelector("[data-testid='acr_values']"), "gold");
        replaceText(By.cssSelector("[data-testid='max_age']"), "300");
        HeadlessChrome.screenshot(browser, "policy-form");
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
        assertTrue(lastAlert().contains("Saved successfully"), lastAlert());

        browser.get(listUrl(server));
        browser.navigate().refresh();
        // other tests add policies too: search rather than hope for the first page
        WebElement search = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("[data-testid='table-search-input'] input")));
        search.sendKeys(api, Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//table[@aria-label='list']//a[normalize-space()='" + api + "']")));

        Map<String, Object> stored = List.of(new AdminApi(server).get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p).filter(p -> api.equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the admin API does not return the policy saved on the page"));
        assertEquals(List.of("gold"), stored.get("acr_values"));
        assertEquals(300, stored.get("max_age"));
        assertEquals("email_verified", ((List<Map<String, Object>>) stored.get("required_claims")).get(0).get("name"));
    }

    @Test
    void invalidInputIsRefusedWithAMessageThatSaysWhatToFix(KeycloakServer server) {
        String api = new AdminApi(server).createSpaLikeClient("page-bad-" + System.nanoTime(), Map.of());
        browser.get(listUrl(server) + "/add");
        chooseClient(api);
        replaceText(By.cssSelector("[data-testid='max_age']"), "soon");
        browser.findElement(By.cssSelector("[data-testid='save']")).click();

        String alert = lastAlert();
        HeadlessChrome.screenshot(browser, "policy-invalid");
        assertTrue(alert.contains("Max age (seconds) (max_age): must be a whole number of seconds"), alert);
    }

    /** The client picker is a typeahead that searches as one types; it may drop keys typed while it loads, so retry. */
    private static void chooseClient(String clientId) {
        By option = By.xpath("//*[@role='option'][contains(normalize-space(), '" + clientId + "')]");
        for (int attempt = 1; ; attempt++) {
            WebElement input = wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("[id='config.client'] input[role='combobox']")));
            input.click();
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            input.sendKeys(clientId);
            try {
                new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(option)).click();
                return;
            } catch (org.openqa.selenium.TimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void replaceText(By field, String text) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(field));
        element.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        element.sendKeys(text);
    }

    private static String lastAlert() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='last-alert']"))).getText();
    }
}
