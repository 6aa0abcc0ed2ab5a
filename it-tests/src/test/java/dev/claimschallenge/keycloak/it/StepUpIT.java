package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Otp;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An essential {@code access_token.acr} drives Keycloak's step-up, with a real second factor. */
@ExtendWith(KeycloakExtension.class)
class StepUpIT {

    static final String GOLD = "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"gold\"]},\"tos_version\":null}}";

    @Test
    void goldRequiresAOneTimeCodeAndTheAccessTokenCarriesTheLevelAchieved(KeycloakServer server) {
        String user = "stepup-" + System.nanoTime();
        new AdminApi(server).createUser(user, "pw-" + user);
        OidcClient spa = OidcClient.spa(server);
        Browser browser = new Browser();

        // silver first: password only
        Tokens silver = spa.exchange(spa.authorize(browser).login(user, "pw-" + user));
        assertEquals("silver", silver.accessToken().get("acr"));

        // the API wants gold: same browser, SSO cookie, but Keycloak asks for the second factor
        AuthorizationFlow gold = spa.authorize(browser, Map.of("claims", GOLD));
        assertFalse(gold.isCallback(), "step-up must not be skipped");
        String secret = gold.enrolOtp();
        Tokens stepped = spa.exchange(gold);
        assertEquals("gold", stepped.accessToken().get("acr"));

        // a later gold request in a new browser: password, then the one-time code
        AuthorizationFlow again = spa.authorize(new Browser(), Map.of("claims", GOLD)).login(user, "pw-" + user);
        assertNotNull(again.page().getElementById("kc-otp-login-form"), again.text());
        Tokens withOtp = spa.exchange(again.otp(Otp.code(secret, 1)));
        assertEquals("gold", withOtp.accessToken().get("acr"));
    }

    @Test
    void aWrongOneTimeCodeDoesNotGetGold(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        String user = "wrongotp-" + System.nanoTime();
        new AdminApi(server).createUser(user, "pw-" + user);
        AuthorizationFlow setup = spa.authorize(new Browser(), Map.of("claims", GOLD)).login(user, "pw-" + user);
        setup.enrolOtp();
        spa.exchange(setup);

        AuthorizationFlow flow = spa.authorize(new Browser(), Map.of("claims", GOLD)).login(user, "pw-" + user).otp("000000");

        assertFalse(flow.isCallback(), "no code without the second factor");
        assertTrue(flow.text().contains("Invalid authenticator code."), flow.text());
    }
}
