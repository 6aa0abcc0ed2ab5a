package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.demo.DemoServer;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.HeadlessChrome;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The demo page walks a person through the loop, clicked through in a real headless browser. */
@ExtendWith(KeycloakExtension.class)
class DemoPageIT {

    @Test
    void aPersonLogsInMeetsTheChallengeReauthorizesAndTheApiAnswers(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller clients = ApiAndCaller.create(admin);
        clients.policy(admin, "\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"tos_version\",\"values\":[\"2024-06\"]}]");
        WebDriver browser = HeadlessChrome.start();
        try (DemoServer demo = new DemoServer(new DemoServer.Config(server.baseUrl(), KeycloakServer.REALM, clients.web(),
                clients.api(), clients.apiSecret(), 0))) {
            admin.updateClient(clients.web(), java.util.Map.of("redirectUris", List.of("http://localhost:" + demo.port() + "/*"),
                    "webOrigins", List.of("+")));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(demo.pageUrl().toString());
            wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

            browser.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice-password");
            browser.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "alice"));

            browser.findElement(By.id("call")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("api"), "401"));
            assertTrue(browser.findElement(By.id("challenge")).getText().contains("insufficient_claims"));
            assertTrue(browser.findElement(By.id("claims")).getText().contains("\"tos_version\""));
            HeadlessChrome.screenshot(browser, "demo-challenge");

            browser.findElement(By.id("reauthorize")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("token"), "\"tos_version\": \"2024-06\""));
            browser.findElement(By.id("call")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("api"), "200"));
            assertTrue(browser.findElement(By.id("api")).getText().contains("keyboard"));
            HeadlessChrome.screenshot(browser, "demo-success");
        } finally {
            browser.quit();
        }
    }
}
