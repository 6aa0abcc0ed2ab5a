package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Both admin pages saved twice WITHOUT a reload in between, as an admin does: the declarative page
 * keeps what it loaded (or what was typed) and posts all of it again, so a field the server
 * rewrote after the first save arrives stale on the second. Whatever the second save changes, the
 * required claims the REST API returns are what the admin left in the rows: none lost, none
 * brought back, and the UMA members only the REST API edits kept.
 *
 * <p>The REST API is also how the test knows a save went through: it waits until the stored
 * state shows that save's own change (max age) before it looks at the claims.
 */
@ExtendWith(KeycloakExtension.class)
class AdminPageDoubleSaveIT {

    private static WebDriver browser;
    private static WebDriverWait wait;

    @RegisterExtension
    final TestWatcher evidence = HeadlessChrome.evidenceOnFailure(() -> browser);

    @BeforeAll
    static void openBrowserAndLogIn(KeycloakServer server) {
        browser = HeadlessChrome.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        HeadlessChrome.logInToConsole(browser, wait, AdminPagesIT.POLICY_PAGE.url(server));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPolicyCreatedOnThePageKeepsItsClaimsOverASecondSave(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = "shop-api-" + System.nanoTime();
        String clientUuid = admin.createClient(Map.of("clientId", clientId, "publicClient", false,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false));
        try {
            open(AdminPagesIT.POLICY_PAGE.url(server) + "/add");
            HeadlessChrome.chooseClient(browser, wait, clientId);
            addRow(0, "tos_version", "2024-06");
            save();
            Supplier<Map<String, Object>> stored = () -> policyOf(admin, clientId);
            awaitStored(stored, p -> p != null && p.get("max_age") == null);
            assertEquals(List.of(Map.of("name", "tos_version", "values", List.of("2024-06"))), stored.get().get("required_claims"));

            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "300");
            save();
            awaitStored(stored, p -> Integer.valueOf(300).equals(p.get("max_age")));
            assertEquals(List.of(Map.of("name", "tos_version", "values", List.of("2024-06"))), stored.get().get("required_claims"),
                    "the second save, with no change to the rows, kept the claim the first one stored");
        } finally {
            Map<String, Object> policy = policyOf(admin, clientId);
            if (policy != null) {
                admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + policy.get("id"), null);
            }
            admin.realm().clients().get(clientUuid).remove();
        }
    }

    @Test
    void aPolicyEditedOnThePageKeepsAddedRowsAndForgetsRemovedOnes(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = "orders-api-" + System.nanoTime();
        String clientUuid = admin.createClient(Map.of("clientId", clientId, "publicClient", false,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false));
        String id = null;
        try {
            // friendly_name: a UMA member only the REST API edits; the page must keep it
            var created = admin.send("POST", PolicyAdminApiIT.POLICIES, """
                    {"client_id":"%s","required_claims":[{"name":"tos_version","friendly_name":"Terms","values":["2024-06"]}],"max_age":60}"""
                    .formatted(clientId));
            assertEquals(201, created.statusCode(), created.body());
            id = (String) AdminApi.read(created.body(), Map.class).get("id");
            Supplier<Map<String, Object>> stored = policy(admin, id);
            open(AdminPagesIT.POLICY_PAGE.url(server) + "/" + id);
            editTwiceAndCheck(stored);
        } finally {
            if (id != null) {
                admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + id, null);
            }
            admin.realm().clients().get(clientUuid).remove();
        }
    }

    @Test
    void aContextCreatedOnThePageKeepsItsClaimsOverASecondSave(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = "shop.checkout-" + System.nanoTime();
        try {
            open(AdminPagesIT.CONTEXT_PAGE.url(server) + "/add");
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='context_id']"), id);
            addRow(0, "tos_version", "2024-06");
            save();
            Supplier<Map<String, Object>> stored = context(admin, id);
            awaitStored(stored, c -> c != null && c.get("max_age") == null);
            assertEquals(List.of(Map.of("name", "tos_version", "values", List.of("2024-06"))), stored.get().get("required_claims"));

            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "300");
            save();
            awaitStored(stored, c -> Integer.valueOf(300).equals(c.get("max_age")));
            assertEquals(List.of(Map.of("name", "tos_version", "values", List.of("2024-06"))), stored.get().get("required_claims"),
                    "the second save, with no change to the rows, kept the claim the first one stored");
        } finally {
            admin.send("DELETE", ContextAdminApiIT.CONTEXTS + "/" + id, null);
        }
    }

    @Test
    void aContextEditedOnThePageKeepsAddedRowsAndForgetsRemovedOnes(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = "shop.refund-" + System.nanoTime();
        try {
            var created = admin.send("PUT", ContextAdminApiIT.CONTEXTS + "/" + id, """
                    {"required_claims":[{"name":"tos_version","friendly_name":"Terms","values":["2024-06"]}],"max_age":60}""");
            assertEquals(201, created.statusCode(), created.body());
            open(AdminPagesIT.CONTEXT_PAGE.url(server) + "/" + componentIdOfContext(admin, id));
            editTwiceAndCheck(context(admin, id));
        } finally {
            admin.send("DELETE", ContextAdminApiIT.CONTEXTS + "/" + id, null);
        }
    }

    /**
     * On an open item that requires tos_version (friendly name "Terms") with max age 60: a row added,
     * saved, max age changed, saved; then the row removed, saved, max age changed, saved; then the last
     * row removed, saved, max age changed, saved. No reload.
     */
    private static void editTwiceAndCheck(Supplier<Map<String, Object>> stored) {
        Map<String, Object> tos = Map.of("name", "tos_version", "friendly_name", "Terms", "values", List.of("2024-06"));
        Map<String, Object> emailVerified = Map.of("name", "email_verified", "values", List.of(true));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='config.required_claims_list.0.key']")));

        addRow(1, "email_verified", "true");
        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "120");
        save();
        awaitStored(stored, p -> Integer.valueOf(120).equals(p.get("max_age")));
        assertEquals(List.of(tos, emailVerified), stored.get().get("required_claims"), "the first save stored the added row");

        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "180");
        save();
        awaitStored(stored, p -> Integer.valueOf(180).equals(p.get("max_age")));
        assertEquals(List.of(tos, emailVerified), stored.get().get("required_claims"),
                "the second save, with no change to the rows, kept both claims");

        browser.findElement(By.cssSelector("[data-testid='config.required_claims_list.1.remove']")).click();
        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "240");
        save();
        awaitStored(stored, p -> Integer.valueOf(240).equals(p.get("max_age")));
        assertEquals(List.of(tos), stored.get().get("required_claims"), "the save after removing the row removed the claim");

        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "300");
        save();
        awaitStored(stored, p -> Integer.valueOf(300).equals(p.get("max_age")));
        assertEquals(List.of(tos), stored.get().get("required_claims"), "the next save did not bring the removed claim back");

        // the last row: the page then sends the field empty, which Keycloak's update drops
        browser.findElement(By.cssSelector("[data-testid='config.required_claims_list.0.remove']")).click();
        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "360");
        save();
        awaitStored(stored, p -> Integer.valueOf(360).equals(p.get("max_age")));
        assertEquals(List.of(), stored.get().get("required_claims"), "the save after removing the last row removed its claim");

        HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "420");
        save();
        awaitStored(stored, p -> Integer.valueOf(420).equals(p.get("max_age")));
        assertEquals(List.of(), stored.get().get("required_claims"), "the next save did not bring the last claim back");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyOf(AdminApi admin, String clientId) {
        return List.of(admin.get(PolicyAdminApiIT.POLICIES, Map[].class)).stream().map(p -> (Map<String, Object>) p)
                .filter(p -> clientId.equals(p.get("client_id"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Map<String, Object>> policy(AdminApi admin, String id) {
        return () -> admin.get(PolicyAdminApiIT.POLICIES + "/" + id, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Map<String, Object>> context(AdminApi admin, String id) {
        return () -> {
            var response = admin.send("GET", ContextAdminApiIT.CONTEXTS + "/" + id, null);
            return response.statusCode() == 200 ? AdminApi.read(response.body(), Map.class) : null;
        };
    }

    /** The page's item id of a context: the realm component named by the context id. */
    @SuppressWarnings("unchecked")
    private static String componentIdOfContext(AdminApi admin, String id) {
        return List.of(admin.get("/realms/" + KeycloakServer.REALM + "/components?type=org.keycloak.services.ui.extend.UiPageProvider&name="
                + id, Map[].class)).stream().map(c -> (String) c.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError("no component for context " + id));
    }

    private static void awaitStored(Supplier<Map<String, Object>> stored, Predicate<Map<String, Object>> saved) {
        Awaitility.await("the save to arrive").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, Object> now = stored.get();
                    return now != null && saved.test(now);
                });
    }

    private static void open(String url) {
        browser.get("about:blank");
        browser.get(url);
    }

    private static void save() {
        browser.findElement(By.cssSelector("[data-testid='save']")).click();
    }

    /** Adds row {@code index} to the claims list; leaving the value field (blur) stores the row in the form. */
    private static void addRow(int index, String claim, String values) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid$='required_claims_list-add-row']"))).click();
        HeadlessChrome.typeClaimRow(browser, wait, index, claim, values);
    }
}
