package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Otp;
import java.time.Duration;
import java.util.HashMap;
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

    private static final String TOS_REQUIRED = "\"required_claims\":[{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]";

    @Test
    void aPersonLogsInMeetsTheChallengeReauthorizesAndTheApiAnswersByItself(KeycloakServer server) throws Exception {
        try (Page page = Page.open(server, "\"mode\":\"advertise\"," + TOS_REQUIRED)) {
            page.login("alice");
            page.click("call");
            page.waitForText("api", "401");
            assertTrue(page.text("challenge").contains("insufficient_claims"));
            assertTrue(page.text("claims").contains("\"tos_version\""));
            HeadlessChrome.screenshot(page.browser, "demo-challenge");

            // one click: re-authorize, and the page calls the API again itself
            page.click("reauthorize");
            page.waitForText("api", "200");
            assertTrue(page.text("api").contains("keyboard"));
            assertEquals("(none)", page.text("challenge"), "the answered challenge is cleared");
            assertTrue(page.text("changes").contains("+ tos_version: \"2024-06\""), page.text("changes"));
            assertTrue(page.text("token").contains("\"tos_version\": \"2024-06\""));
            HeadlessChrome.screenshot(page.browser, "demo-success");
        }
    }

    @Test
    void aUserWhoCanNeverPassIsToldSoAfterOneRetryAndCanSwitchUser(KeycloakServer server) throws Exception {
        try (Page page = Page.open(server, "\"mode\":\"advertise\"," + TOS_REQUIRED)) {
            page.login("bob");
            page.click("call");
            page.waitForText("api", "401");

            page.click("reauthorize");
            page.waitForText("notice", "Still refused after re-authorizing");
            assertTrue(page.text("notice").contains("tos_version"), page.text("notice"));
            HeadlessChrome.screenshot(page.browser, "demo-dead-end");

            // log out: the next login asks for a password again instead of silently reusing bob's session
            page.click("logout");
            page.waitForText("token", "(not logged in)");
            page.click("login");
            page.fillLogin("alice");
            page.waitForText("user", "alice");
        }
    }

    /**
     * The demo's own policy asks for acr gold too: bob's re-authorization steps up (enrolling a one-time
     * code), so acr leaves the next challenge, which therefore differs; tos_version did not change in
     * his token, and the page says so after that one retry, not after a second.
     */
    @Test
    void aUserWhoseStepUpMetOnlyAcrIsToldAfterOneRetry(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        try (Page page = Page.open(server, "\"mode\":\"advertise\",\"acr_values\":[\"gold\"]," + TOS_REQUIRED)) {
            page.login("bob");
            page.click("call");
            page.waitForText("api", "401");
            assertTrue(page.text("claims").contains("\"acr\""), page.text("claims"));

            page.click("reauthorize");
            // Keycloak's "Mobile Authenticator Setup": bob has no one-time code yet
            page.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-settings-form")));
            String secret = (String) ((org.openqa.selenium.JavascriptExecutor) page.browser)
                    .executeScript("return document.querySelector('#kc-totp-settings-form input[name=totpSecret]').value;");
            page.browser.findElement(By.id("totp")).sendKeys(Otp.code(secret, 0));
            page.browser.findElement(By.id("userLabel")).sendKeys("test device");
            page.browser.findElement(By.id("saveTOTPBtn")).click();

            page.waitForText("notice", "Still refused after re-authorizing");
            assertTrue(page.text("notice").contains("tos_version"), page.text("notice"));
            assertTrue(page.text("token").contains("\"acr\": \"gold\""), "the step-up happened: " + page.text("token"));
        } finally {
            // bob's one-time code would change what later tests of this server see
            var bob = admin.realm().users().search("bob", true).get(0);
            admin.realm().users().get(bob.getId()).credentials().stream().filter(c -> "otp".equals(c.getType()))
                    .forEach(c -> admin.realm().users().get(bob.getId()).removeCredential(c.getId()));
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
     * The sensitive operation (DELETE /api/orders/1) needs authentication context c1 (acr gold
     * within 5 minutes): the challenge asks for acrs, re-authorizing steps up with the second
     * factor, and the new token lists c1 in acrs.
     */
    @Test
    void theSensitiveOperationChallengesForContextC1AndTheStepUpGetsATokenListingIt(KeycloakServer server) throws Exception {
        String user = "ctxdemo-" + System.nanoTime();
        new AdminApi(server).createUser(user, user + "-password");
        // enrol a second factor first (over HTTP), so that the page's step-up asks for a code
        OidcClient spa = OidcClient.spa(server);
        AuthorizationFlow setup = spa.authorize(new Browser(), Map.of("claims", StepUpIT.GOLD)).login(user, user + "-password");
        String secret = setup.enrolOtp();
        spa.exchange(setup);

        try (Page page = Page.open(server, "\"mode\":\"advertise\",\"contexts\":[\"c1\"]")) {
            page.login(user); // password only: acr silver
            page.click("call");
            page.waitForText("api", "200");

            page.click("delete");
            page.waitForText("api", "401");
            assertTrue(page.text("claims").contains("\"acrs\""), page.text("claims"));
            assertTrue(page.text("claims").contains("\"c1\""), page.text("claims"));
            HeadlessChrome.screenshot(page.browser, "demo-context-challenge");

            page.click("reauthorize");
            page.wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("otp")),
                    ExpectedConditions.textToBePresentInElementLocated(By.id("api"), "200")));
            if (!page.browser.findElements(By.id("otp")).isEmpty()) {
                page.browser.findElement(By.id("otp")).sendKeys(Otp.code(secret, 1));
                page.browser.findElement(By.id("kc-login")).click();
            }
            page.waitForText("api", "200");
            assertTrue(page.text("api").contains("deleted"), page.text("api"));
            assertTrue(page.text("token").contains("\"acrs\": [\n    \"c1\"\n  ]") || page.text("token").contains("\"c1\""), page.text("token"));
            assertTrue(page.text("changes").contains("+ acrs: [\"c1\"]"), page.text("changes"));
            HeadlessChrome.screenshot(page.browser, "demo-context-success");
        }
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
            DemoServer demo = new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, clients.web(),
                    clients.api(), clients.apiSecret(), 0));
            Map<String, String> attributes = new HashMap<>(admin.client(clients.web()).toRepresentation().getAttributes());
            attributes.put("post.logout.redirect.uris", "+"); // the page's own address, as for ./demo.sh's demo-spa
            admin.updateClient(clients.web(), Map.of("redirectUris", List.of("http://localhost:" + demo.port() + "/*"),
                    "webOrigins", List.of("+"), "attributes", attributes));
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
