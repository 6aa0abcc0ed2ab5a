package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The "Authentication contexts" page of the admin console in a real headless browser: an admin
 * defines a context, the admin API returns it, a bad id shows a message, and the policies page
 * shows the contexts the demo API's policy lists.
 */
@ExtendWith(KeycloakExtension.class)
class ContextAdminPageIT {

    private static WebDriver browser;
    private static WebDriverWait wait;

    /** On failure: what the browser showed, as a screenshot and the page's HTML, next to the other screenshots. */
    @RegisterExtension
    final TestWatcher evidence = HeadlessChrome.evidenceOnFailure(() -> browser);

    @BeforeAll
    static void openBrowserAndLogIn(KeycloakServer server) {
        browser = HeadlessChrome.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        HeadlessChrome.logInToConsole(browser, wait, listUrl(server));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    static String listUrl(KeycloakServer server) {
        return server.baseUrl() + "/admin/master/console/#/claims-demo/page-section/claims-challenge-context";
    }

    @Test
    void anAdminDefinesAContextAndTheApiReturnsIt(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = "payments.transfer-" + System.nanoTime();
        try {
            open(listUrl(server) + "/add");
            // the breadcrumb's key "page" is one for every declarative page: it must not name the policies page
            String crumbs = HeadlessChrome.breadcrumb(browser, wait, "Add");
            assertTrue(crumbs.startsWith("Claims challenge") && !crumbs.contains("polic"), crumbs);
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='context_id']"), id);
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='display_name']"), "Money transfer");
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='acr_values']"), "gold");
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "300");
            browser.findElement(By.cssSelector("[data-testid='save']")).click();
            assertTrue(lastAlert().contains("Saved successfully") || lastAlert().contains("saved"), lastAlert());

            Map<?, ?> stored = admin.get(ContextAdminApiIT.CONTEXTS + "/" + id, Map.class);
            assertEquals("Money transfer", stored.get("display_name"));
            assertEquals(List.of("gold"), stored.get("acr_values"));
            assertEquals(300, stored.get("max_age"));

            open(listUrl(server));
            // other tests add contexts too (the list pages by 10): search rather than hope for the first page
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='table-search-input'] input")))
                    .sendKeys(id, Keys.ENTER);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//table[@aria-label='list']//a[normalize-space()='"
                    + id + "']")));
            HeadlessChrome.screenshot(browser, "contexts-list");
        } finally {
            admin.send("DELETE", ContextAdminApiIT.CONTEXTS + "/" + id, null);
        }
    }

    @Test
    void aBadIdIsRefusedWithAMessageThatSaysWhatToFix(KeycloakServer server) {
        open(listUrl(server) + "/add");
        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='context_id']"), "money transfer");
        browser.findElement(By.cssSelector("[data-testid='save']")).click();

        String alert = lastAlert();
        HeadlessChrome.screenshot(browser, "context-invalid");
        assertTrue(alert.contains("Context id (id): an authentication context id has only letters, digits, dot, underscore and hyphen"), alert);
        assertEquals(404, new AdminApi(server).send("GET", ContextAdminApiIT.CONTEXTS + "/money%20transfer", null).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoPolicyShowsTheContextsItsApiUses(KeycloakServer server) {
        Map<String, Object> demo = List.of(new AdminApi(server).get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p).filter(p -> "demo-api".equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the demo realm has a policy for demo-api"));
        assertEquals(List.of("c1"), demo.get("contexts"));
        open(PolicyAdminPageIT.listUrl(server) + "/" + demo.get("id"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Authentication contexts"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//input[@value='c1']")));
        HeadlessChrome.screenshot(browser, "policy-contexts");
    }

    private static void open(String url) {
        browser.get("about:blank");
        browser.get(url);
    }

    private static String lastAlert() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='last-alert']"))).getText();
    }
}
