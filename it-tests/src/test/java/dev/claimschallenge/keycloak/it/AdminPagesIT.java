package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's pages "Required claims policies" and "Authentication contexts", in a real
 * headless browser: an admin creates a policy with the required-claims rows or defines a context,
 * and the admin API returns it; the demo realm's policy shows its claims in the rows and the contexts
 * its API uses; a refused save shows every problem, naming each field, and stores nothing (one test
 * for both pages); the words of the pages ({@link AdminPageDoubleSaveIT}: saves without a reload).
 * The screenshots (taken on the demo realm's policy and a client named like a real API) are the ones
 * docs/ uses.
 */
@ExtendWith(KeycloakExtension.class)
class AdminPagesIT {

    /** One page: the provider id in its URL. */
    record Page(String providerId) {
        String url(KeycloakServer server) {
            return server.baseUrl() + "/admin/master/console/#/claims-demo/page-section/" + providerId;
        }

        @Override
        public String toString() {
            return providerId;
        }
    }

    static final Page POLICY_PAGE = new Page("claims-challenge-policy");
    static final Page CONTEXT_PAGE = new Page("claims-challenge-context");

    private static WebDriver browser;
    private static WebDriverWait wait;

    /** On failure: what the browser showed, as a screenshot and the page's HTML, next to the other screenshots. */
    @RegisterExtension
    final TestWatcher evidence = HeadlessChrome.evidenceOnFailure(() -> browser);

    @BeforeAll
    static void openBrowserAndLogIn(KeycloakServer server) {
        browser = HeadlessChrome.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        HeadlessChrome.logInToConsole(browser, wait, POLICY_PAGE.url(server));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** A client named like a real API, so that the published screenshots read like the demo realm. */
    static final String PAYROLL_API = "payroll-api";

    @Test
    @SuppressWarnings("unchecked")
    void anAdminCreatesAPolicyWithTheClaimsListAndTheApiReturnsItAsJson(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientUuid = admin.createClient(Map.of("clientId", PAYROLL_API, "name", "Payroll API",
                "publicClient", false, "standardFlowEnabled", false, "directAccessGrantsEnabled", false));
        String policyId = null;
        try {
            open(POLICY_PAGE.url(server) + "/add");
            // the breadcrumb reads the key "page", which Keycloak leaves undefined and the provider jar's bundles define
            String crumbs = breadcrumb("Add");
            assertTrue(crumbs.startsWith("Claims challenge") && !crumbs.contains("page"), crumbs);
            HeadlessChrome.chooseClient(browser, wait, PAYROLL_API);
            // the key/value list: one row per claim, acceptable values comma-separated
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid$='required_claims_list-add-row']"))).click();
            HeadlessChrome.typeClaimRow(browser, wait, 0, "email_verified", "true");
            browser.findElement(By.cssSelector("[data-testid$='required_claims_list-add-row']")).click();
            HeadlessChrome.typeClaimRow(browser, wait, 1, "tos_version", "2024-06, 2025-01");
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='acr_values']"), "gold");
            HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='max_age']"), "900");
            browser.findElement(By.cssSelector("[data-testid='save']")).click();
            assertTrue(lastAlert().contains("Saved successfully"), lastAlert());

            Map<String, Object> stored = List.of(admin.get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                    .map(p -> (Map<String, Object>) p).filter(p -> PAYROLL_API.equals(p.get("client_id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("the admin API does not return the policy saved on the page"));
            policyId = (String) stored.get("id");
            // the list became the UMA JSON the REST API, the token endpoint and realm exports read
            assertEquals(List.of(Map.of("name", "email_verified", "values", List.of(true)),
                    Map.of("name", "tos_version", "values", List.of("2024-06", "2025-01"))), stored.get("required_claims"));
            assertEquals(List.of("gold"), stored.get("acr_values"));
            assertEquals(900, stored.get("max_age"));
            Map<String, Object> component = admin.get("/realms/" + KeycloakServer.REALM + "/components/" + policyId, Map.class);
            Map<String, List<String>> config = (Map<String, List<String>>) component.get("config");
            assertEquals(List.of("[{\"name\":\"email_verified\",\"values\":[true]},{\"name\":\"tos_version\",\"values\":[\"2024-06\",\"2025-01\"]}]"),
                    config.get("required_claims"));
            assertEquals(List.of("[{\"key\":\"email_verified\",\"value\":\"true\"},{\"key\":\"tos_version\",\"value\":\"2024-06, 2025-01\"}]"),
                    config.get("required_claims_list"));

            // after a reload the rows show what was saved, and no second editor of the claims (the JSON) is on the page
            open(POLICY_PAGE.url(server) + "/" + policyId);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='config.required_claims_list.1.value']")));
            assertEquals("2024-06, 2025-01", valueOf("config.required_claims_list.1.value"));
            assertTrue(browser.findElements(By.cssSelector("[data-testid='required_claims']")).isEmpty(), "a JSON field is on the page");

            open(POLICY_PAGE.url(server));
            // other tests add policies too (the list pages by 10): search rather than hope for the first page
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='table-search-input'] input")))
                    .sendKeys(PAYROLL_API, Keys.ENTER);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//table[@aria-label='list']//a[normalize-space()='" + PAYROLL_API + "']")));
            HeadlessChrome.screenshot(browser, "policies-list");
        } finally {
            if (policyId != null) {
                admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + policyId, null);
            }
            admin.realm().clients().get(clientUuid).remove();
        }
    }

    @Test
    void anAdminDefinesAContextAndTheApiReturnsIt(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String id = "payments.transfer-" + System.nanoTime();
        try {
            open(CONTEXT_PAGE.url(server) + "/add");
            // the breadcrumb's key "page" is one for every declarative page: it must not name the policies page
            String crumbs = breadcrumb("Add");
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

            open(CONTEXT_PAGE.url(server));
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
    void theDemoPolicyShowsItsClaimsInTheRows(KeycloakServer server) {
        openDemoApiPolicy(server);
        assertEquals("email_verified", valueOf("config.required_claims_list.0.key"));
        assertEquals("true", valueOf("config.required_claims_list.0.value"));
        assertEquals("tos_version", valueOf("config.required_claims_list.1.key"));
        assertEquals("2024-06", valueOf("config.required_claims_list.1.value"));
        HeadlessChrome.screenshot(browser, "policy-form");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDemoPolicyShowsTheContextsItsApiUses(KeycloakServer server) {
        Map<String, Object> demo = List.of(new AdminApi(server).get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p).filter(p -> "demo-api".equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the demo realm has a policy for demo-api"));
        assertEquals(List.of("c1"), demo.get("contexts"));
        open(POLICY_PAGE.url(server) + "/" + demo.get("id"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Authentication contexts"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//input[@value='c1']")));
        HeadlessChrome.screenshot(browser, "policy-contexts");
    }

    /**
     * A save the page refuses, on either page: what is typed, every problem the message must name, the
     * screenshot docs/ uses, and what the admin API shows of the item (the same after the refused save).
     */
    record Refusal(String label, Consumer<KeycloakServer> open, Map<String, String> typed, List<String> problems, String screenshot,
            Function<KeycloakServer, Object> stored) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                // a refused save changes nothing, so the demo realm's own policy can show it; every problem in one message
                new Refusal("policy", AdminPagesIT::openDemoApiPolicy, Map.of("max_age", "soon", "acr_values", "platinum"),
                        List.of("2 problems: (1) Max age (seconds) (max_age): must be a whole number of seconds",
                                " (2) Acceptable acr values (acr_values): [platinum] are not in the ACR-to-LoA mapping"),
                        "policy-invalid", AdminPagesIT::demoApiPolicy),
                new Refusal("context", server -> open(CONTEXT_PAGE.url(server) + "/add"), Map.of("context_id", "money transfer"),
                        List.of("Context id (id): an authentication context id has only letters, digits, dot, underscore and hyphen"),
                        "context-invalid", server -> new AdminApi(server).send("GET", ContextAdminApiIT.CONTEXTS + "/money%20transfer", null).statusCode()));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void invalidInputIsRefusedWithAMessageThatSaysWhatToFix(Refusal refusal, KeycloakServer server) {
        Object before = refusal.stored().apply(server);
        refusal.open().accept(server);
        refusal.typed().forEach((field, text) -> HeadlessChrome.replaceText(wait, By.cssSelector("[data-testid='" + field + "']"), text));
        browser.findElement(By.cssSelector("[data-testid='save']")).click();

        String alert = lastAlert();
        HeadlessChrome.screenshot(browser, refusal.screenshot());
        refusal.problems().forEach(problem -> assertTrue(alert.contains(problem), alert));
        assertEquals(before, refusal.stored().apply(server), "nothing stored");
    }

    /**
     * What the console's message endpoint answers for the declarative page's fixed keys: ours where
     * Keycloak's admin bundle lacks the key (the breadcrumb's "page"; German), Keycloak's English
     * texts otherwise, because a theme's messages override an extension's.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theGenericWordsFitBothPagesWhereKeycloakLetsAnExtensionSetThem(KeycloakServer server) throws Exception {
        Map<String, String> english = messages(server, "en");
        Map<String, String> german = messages(server, "de");
        assertEquals("Claims challenge", english.get("page"));
        assertEquals("Create item", english.get("createItem"), "Keycloak's English bundle wins; docs/policies.md says so");
        assertEquals("Claims-Challenge", german.get("page"));
        assertEquals("Eintrag anlegen", german.get("createItem"));
        assertEquals("Der Eintrag konnte nicht gespeichert werden: {{error}}", german.get("itemSaveError"));
    }

    /**
     * Where Keycloak's English bundle wins, realm overrides of the console's realm (master) win over
     * it: the texts of realm-exports/admin-console-texts.properties, set as docs/installation.md and
     * demo.sh set them, are what the console's message endpoint answers.
     */
    @Test
    void theConsolesRealmOverridesSetTheFixedWords(KeycloakServer server) throws Exception {
        java.util.Properties texts = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("..", "realm-exports", "admin-console-texts.properties"))) {
            texts.load(in);
        }
        AdminApi admin = new AdminApi(server);
        try {
            var response = admin.send("POST", "/realms/master/localization/en", texts);
            assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
            Map<String, String> english = messages(server, "en");
            for (String key : texts.stringPropertyNames()) {
                assertEquals(texts.getProperty(key), english.get(key), key);
            }
            assertEquals("Create", english.get("createItem"));
        } finally {
            for (String key : texts.stringPropertyNames()) {
                admin.send("DELETE", "/realms/master/localization/en/" + key, null);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> messages(KeycloakServer server, String locale) throws Exception {
        java.net.http.HttpResponse<String> response = new Browser().get(java.net.URI.create(server.baseUrl() + "/resources/master/admin/" + locale));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> messages = new java.util.HashMap<>();
        for (Map<String, String> entry : AdminApi.read(response.body(), Map[].class)) {
            messages.put(entry.get("key"), entry.get("value"));
        }
        return messages;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> demoApiPolicy(KeycloakServer server) {
        return List.of(new AdminApi(server).get(PolicyAdminApiIT.POLICIES, Map[].class)).stream()
                .map(p -> (Map<String, Object>) p).filter(p -> "demo-api".equals(p.get("client_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the demo realm has a policy for demo-api"));
    }

    private static void openDemoApiPolicy(KeycloakServer server) {
        open(POLICY_PAGE.url(server) + "/" + demoApiPolicy(server).get("id"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='config.required_claims_list.1.value']")));
    }

    /**
     * Loads {@code url} afresh: between two routes of the console (e.g. a policy and "add") the page
     * keeps the previous form's state, and the previous alert, unless it is reloaded.
     */
    private static void open(String url) {
        browser.get("about:blank");
        browser.get(url);
    }

    private static String valueOf(String testId) {
        return browser.findElement(By.cssSelector("[data-testid='" + testId + "']")).getAttribute("value");
    }

    /** The console's breadcrumb, once its last crumb reads {@code last} (e.g. "Add"). */
    private static String breadcrumb(String last) {
        By crumbs = By.cssSelector("nav[aria-label='Breadcrumb']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(crumbs, last));
        return browser.findElement(crumbs).getText();
    }

    private static String lastAlert() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='last-alert']"))).getText();
    }
}
