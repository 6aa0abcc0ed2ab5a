package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.Otp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page walks a person through the loop, clicked through in a real headless browser. */
@ExtendWith(KeycloakExtension.class)
class DemoPageIT {

    /** What the page says when Keycloak cannot give this user what the API wants. */
    private static final String DEAD_END = "Keycloak cannot put this into the token for this user";
    /** The policy also lists the context the demo's delete needs, as the shipped one does: the demo refuses to start otherwise. */
    private static final String TOS_REQUIRED = "\"required_claims\":[{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}],"
            + "\"contexts\":[\"" + DemoServer.SENSITIVE_CONTEXT + "\"]";

    @Test
    void aPersonLogsInMeetsTheChallengeReauthorizesAndTheApiAnswersByItself(KeycloakServer server) throws Exception {
        try (Page page = Page.open(server, "\"mode\":\"advertise\"," + TOS_REQUIRED)) {
            page.login("alice");
            page.click("call");
            page.waitForText("api", "401");
            assertTrue(page.text("challenge").contains("insufficient_claims"));
            assertTrue(page.text("claims").contains("\"tos_version\""));
            // the API's answer as the page shows it: what the library's judge found missing
            assertTrue(page.text("api").contains("\"missing\":[\"tos_version\"]"), page.text("api"));

            // one click: re-authorize, and the page calls the API again itself
            page.click("reauthorize");
            page.waitForText("api", "200");
            assertTrue(page.text("api").contains("keyboard"));
            assertEquals("(none)", page.text("challenge"), "the answered challenge is cleared");
            assertTrue(page.text("changes").contains("+ tos_version: \"2024-06\""), page.text("changes"));
            assertTrue(page.text("token").contains("\"tos_version\": \"2024-06\""));
        }
    }

    @Test
    void aUserWhoCanNeverPassIsToldSoAfterOneRetryAndCanSwitchUser(KeycloakServer server) throws Exception {
        try (Page page = Page.open(server, "\"mode\":\"advertise\"," + TOS_REQUIRED)) {
            page.login("bob");
            page.click("call");
            page.waitForText("api", "401");

            page.click("reauthorize");
            page.waitForText("notice", DEAD_END);
            assertTrue(page.text("notice").contains("tos_version"), page.text("notice"));

            // log out: the next login asks for a password again instead of silently reusing bob's session
            page.click("logout");
            page.waitForText("token", "(not logged in)");
            page.click("login");
            page.fillLogin("alice");
            page.waitForText("user", "alice");
        }
    }

    /**
     * The shipped policy asks for acr gold too, and a step-up would make bob enrol a one-time code he
     * can never use. The page asks for the challenge's other claims silently first (a refresh), sees
     * that the new token still lacks them, and says so on the spot: no Mobile Authenticator Setup, no
     * one-time code enrolled, the token still below gold.
     */
    @Test
    void aUserWhoCanNeverPassIsToldBeforeBeingAskedToEnrolASecondFactor(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        admin.removeOtp("bob");
        try (Page page = Page.open(server, shippedPolicy(admin))) {
            page.login("bob");
            page.click("call");
            page.waitForText("api", "401");
            assertTrue(page.text("claims").contains("\"acr\""), page.text("claims"));

            page.click("reauthorize");
            page.waitForText("notice", DEAD_END);
            assertTrue(page.text("notice").contains("email_verified, tos_version"), page.text("notice"));
            assertTrue(page.browser.getCurrentUrl().startsWith(page.demo.pageUrl().toString()),
                    "still on the demo page, not on Keycloak's Mobile Authenticator Setup: " + page.browser.getCurrentUrl());
            assertFalse(page.text("token").contains("\"acr\": \"gold\""), "no step-up: " + page.text("token"));
            assertEquals(List.of(), admin.otpCredentials("bob"), "bob enrolled no one-time code");
            page.waitForText("next", "Log in as someone else");
            HeadlessChrome.screenshot(page.browser, "demo-dead-end");
        } finally {
            admin.removeOtp("bob"); // had the page sent him to Keycloak, he would have one: later tests expect none
        }
    }

    @Test
    void aRefusalAtCodeRedemptionIsShownAndThePageKeepsWorking(KeycloakServer server) throws Exception {
        try (Page page = Page.open(server, "\"mode\":\"enforce\"," + TOS_REQUIRED)) {
            page.login("bob", "notice", "Keycloak refused the token: access_denied");
            assertTrue(page.text("notice").contains("tos_version"), page.text("notice"));
            assertFalse(page.browser.getCurrentUrl().contains("code="), "the used code leaves the address bar: "
                    + page.browser.getCurrentUrl());
            HeadlessChrome.screenshot(page.browser, "demo-error");

            page.click("switch");
            page.fillLogin("alice");
            page.waitForText("user", "alice");
            page.click("call");
            page.waitForText("api", "200");
        }
    }

    /**
     * The demo as shipped (the example realm's demo-api policy, alice as imported), walked as the page
     * suggests: read, then, before re-authorizing, the sensitive operation, whose challenge adds
     * {@code acrs} c1; one step-up (alice enrols her one-time code) answers it; the delete and then the
     * read succeed with the same token. In the other order the delete succeeds at once and its
     * challenge is never seen. The screenshots of the docs come from here.
     */
    @Test
    void aliceWalksThroughBothOperationsAndSeesTheContextChallenge(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        admin.removeOtp("alice"); // alice as imported: no one-time code yet
        try (Page page = Page.open(server, shippedPolicy(admin))) {
            page.login("alice");
            page.waitForText("next", "2. Call the API");
            page.click("call");
            page.waitForText("api", "401");
            assertTrue(page.text("claims").contains("\"tos_version\"") && page.text("claims").contains("\"gold\""), page.text("claims"));
            assertFalse(page.text("claims").contains("acrs"), page.text("claims"));
            page.waitForText("next", "before re-authorizing, try 3. Delete order 1");
            HeadlessChrome.screenshot(page.browser, "demo-challenge");

            page.click("delete");
            page.waitForText("claims", "\"acrs\"");
            assertTrue(page.text("claims").contains("\"c1\"") && page.text("claims").contains("\"tos_version\""), page.text("claims"));
            assertTrue(page.text("api").startsWith("401"), page.text("api"));
            page.waitForText("next", "authentication context c1 (acrs) included");
            HeadlessChrome.screenshot(page.browser, "demo-context-challenge");

            page.click("reauthorize");
            page.enrolOtp(); // Keycloak's Mobile Authenticator Setup, as the page explains
            page.waitForText("api", "200");
            assertTrue(page.text("api").contains("deleted"), page.text("api"));
            assertTrue(page.text("changes").contains("+ acrs: [\"c1\"]"), page.text("changes"));
            assertTrue(page.text("changes").contains("+ tos_version: \"2024-06\""), page.text("changes"));
            assertTrue(page.text("token").contains("\"acr\": \"gold\""), page.text("token"));
            page.waitForText("next", "2. Call the API: the token that may delete");
            HeadlessChrome.screenshot(page.browser, "demo-context-success");

            page.click("call");
            page.waitForText("api", "keyboard");
            assertTrue(page.text("api").startsWith("200"), page.text("api"));
            page.waitForText("next", "Done: both operations succeeded");
            HeadlessChrome.screenshot(page.browser, "demo-success");
        } finally {
            admin.removeOtp("alice");
        }
    }

    /** The example realm's own demo-api policy, as the admin REST API shows it, for a test's API client. */
    @SuppressWarnings("unchecked")
    static String shippedPolicy(AdminApi admin) throws Exception {
        for (Map<String, Object> policy : admin.get("/realms/" + KeycloakServer.REALM + "/claims-challenge-policies", Map[].class)) {
            if ("demo-api".equals(policy.get("client_id"))) {
                Map<String, Object> fields = new java.util.LinkedHashMap<>(policy);
                fields.keySet().removeAll(List.of("id", "client_id", "problem"));
                String json = org.keycloak.util.JsonSerialization.writeValueAsString(fields);
                return json.substring(1, json.length() - 1);
            }
        }
        throw new AssertionError("the example realm has no demo-api policy");
    }

    /** The demo page on its own DemoServer, for a fresh API with {@code policy}, in a fresh browser. */
    private static final class Page implements AutoCloseable {
        final WebDriver browser;
        final DemoServer demo;
        final WebDriverWait wait;

        private Page(WebDriver browser, DemoServer demo) {
            this.browser = browser;
            this.demo = demo;
            // the page is replaced while we look at it (redirects through Keycloak): look again
            this.wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.ignoring(StaleElementReferenceException.class);
        }

        static Page open(KeycloakServer server, String policy) throws Exception {
            AdminApi admin = new AdminApi(server);
            ApiAndCaller clients = ApiAndCaller.create(admin);
            clients.policy(admin, policy);
            WebDriver browser = HeadlessChrome.start();
            // tall enough that a screenshot shows the API answer, the challenge and what changed in the token
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1800));
            DemoServer demo = new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, clients.web(),
                    clients.api(), clients.apiSecret(), 0));
            admin.updateClient(clients.web(), client -> {
                client.setRedirectUris(List.of("http://localhost:" + demo.port() + "/*"));
                client.setWebOrigins(List.of("+"));
                client.getAttributes().put("post.logout.redirect.uris", "+"); // the page's own address, as for ./demo.sh's demo-spa
            });
            Page page = new Page(browser, demo);
            page.home();
            return page;
        }

        void home() {
            browser.get(demo.pageUrl().toString());
            ready();
        }

        void ready() {
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        }

        void login(String user) {
            login(user, "user", user);
        }

        void login(String user, String element, String expected) {
            click("login");
            fillLogin(user);
            waitForText(element, expected);
        }

        void fillLogin(String user) {
            // Keycloak asks to confirm a logout that comes without an ID token (none after a refused code)
            wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                    ExpectedConditions.visibilityOfElementLocated(By.id("kc-logout"))));
            if (!browser.findElements(By.id("kc-logout")).isEmpty()) {
                browser.findElement(By.id("kc-logout")).click();
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
            browser.findElement(By.id("password")).sendKeys(user + "-password");
            browser.findElement(By.id("kc-login")).click();
            ready();
        }

        /** On Keycloak's Mobile Authenticator Setup: enrols the secret shown (as a person with a TOTP tool would) and returns it. */
        String enrolOtp() {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-settings-form")));
            String secret = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("return document.querySelector('#kc-totp-settings-form input[name=totpSecret]').value;");
            browser.findElement(By.id("totp")).sendKeys(Otp.code(secret, 0));
            browser.findElement(By.id("userLabel")).sendKeys("test device");
            browser.findElement(By.id("saveTOTPBtn")).click();
            return secret;
        }

        void click(String id) {
            wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
        }

        void waitForText(String id, String text) {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
        }

        String text(String id) {
            return browser.findElement(By.id(id)).getText();
        }

        @Override
        public void close() {
            try {
                browser.quit();
            } finally {
                demo.close();
            }
        }
    }
}
