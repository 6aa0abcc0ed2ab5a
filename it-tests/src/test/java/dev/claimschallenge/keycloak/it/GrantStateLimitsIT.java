package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.ItConfig;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a grant leaves behind is bounded and cannot be planted: the claims requests waiting in a
 * client session (issue 15, findings 2 and 6) and the single-use-store entries kept for
 * introspection (finding 3).
 */
@ExtendWith(KeycloakExtension.class)
class GrantStateLimitsIT {

    static final String TOS = "{\"access_token\":{\"tos_version\":null}}";
    /**
     * About 1.5 KB of claims request that still yields tos_version (its values include the user's).
     * Not larger: on Keycloak 26.5 the login form then fails with HTTP 431, its restart cookie
     * carrying the request too.
     */
    static final String BIG = bigRequest();
    /** More unredeemed authorizations than a client session keeps requests for, many times over. */
    static final int FLOOD = 100;

    @Test
    void aClientSessionKeepsOnlyTheNewestClaimsRequests(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Browser browser = new Browser();
        AuthorizationFlow first = spa.authorize(browser, Map.of("claims", BIG)).login("alice", "alice-password");
        assertTrue(first.isCallback(), "HTTP " + first.status() + " at " + first.uri() + ": " + first.text());

        // a cross-site page could do this in the user's browser: silent requests, never redeemed
        AuthorizationFlow newest = null;
        for (int i = 0; i < FLOOD; i++) {
            newest = spa.authorize(browser, Map.of("claims", BIG, "prompt", "none"));
            assertTrue(newest.isCallback(), "request " + i + ": HTTP " + newest.status() + " at " + newest.uri() + ": " + newest.text());
        }

        Tokens latest = spa.exchange(newest);
        assertEquals(200, latest.status(), latest.json().toString());
        assertEquals("2024-06", latest.accessToken().get("tos_version"), "the newest code keeps its claims");

        // the first request was pushed out by the later ones: its code still works, without the claims
        Tokens oldest = spa.exchange(first);
        assertEquals(200, oldest.status(), oldest.json().toString());
        assertFalse(oldest.accessToken().containsKey("tos_version"),
                "a client session must not keep every unredeemed request: " + oldest.accessToken());
    }

    @Test
    void aRedeemedRequestStaysWithItsOwnCodeOnly(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Browser browser = new Browser();
        Tokens asked = spa.exchange(spa.authorize(browser, Map.of("claims", BIG)).login("alice", "alice-password"));
        assertEquals("2024-06", asked.accessToken().get("tos_version"), asked.accessToken().toString());

        // the same browser signs in again (SSO, no form) without a request: the note of the first
        // code stays in the client session (no write at the exchange), yet this code cannot read it
        AuthorizationFlow again = spa.authorize(browser, Map.of());
        assertTrue(again.isCallback(), "HTTP " + again.status() + " at " + again.uri() + ": " + again.text());
        Tokens plain = spa.exchange(again);

        assertEquals(200, plain.status(), plain.json().toString());
        assertFalse(plain.accessToken().containsKey("tos_version"), "a later code must not get an earlier request's claims: "
                + plain.accessToken());
    }

    @Test
    void withoutNonceAndPkceAClaimsRequestIsRefusedAndCannotBePlanted(KeycloakServer server) {
        OidcClient web = OidcClient.web(server);
        Browser victim = new Browser();
        assertEquals(200, web.exchange(web.authorize(victim).login("alice", "alice-password")).status());

        // cross-site, silently, without nonce and PKCE; never redeemed
        Map<String, String> planted = withoutNonceAndPkce();
        planted.put("claims", TOS);
        planted.put("prompt", "none");
        AuthorizationFlow plant = web.authorize(victim, planted);
        Map<String, String> answer = plant.callbackParameters();

        // the client's own next login, also without nonce and PKCE, asks for no claims and gets none
        AuthorizationFlow own = web.authorize(victim, withoutNonceAndPkce());
        Tokens tokens = web.token(new AuthorizationCodeGrant(new AuthorizationCode(own.code()),
                URI.create(OidcClient.DEFAULT_REDIRECT_URI)), Map.of());
        assertEquals(200, tokens.status(), tokens.json().toString());
        assertFalse(tokens.accessToken().containsKey("tos_version"), "planted: " + tokens.accessToken());
        Tokens refreshed = web.refresh(tokens.refreshTokenJwt(), Map.of());
        assertFalse(refreshed.accessToken().containsKey("tos_version"), "planted: " + refreshed.accessToken());

        // the planting request itself was told why
        assertEquals("invalid_request", answer.get("error"), answer.toString());
        assertTrue(answer.get("error_description").contains("nonce"), answer.toString());
    }

    @Test
    void onlyLightweightAccessTokensLeaveAnEntryForIntrospection(KeycloakServer server) throws IOException {
        OidcClient spa = OidcClient.spa(server);
        Tokens regular = spa.login("alice", "alice-password", Map.of("claims", TOS));
        Tokens refreshed = spa.refresh(regular.refreshTokenJwt(), Map.of("claims", BIG));
        String lightweightClient = new AdminApi(server).createSpaLikeClient("lightweight-store-" + System.nanoTime(),
                Map.of("client.use.lightweight.access.token.enabled", "true"));
        Tokens lightweight = new OidcClient(server, lightweightClient, null, OidcClient.DEFAULT_REDIRECT_URI)
                .login("alice", "alice-password", Map.of("claims", TOS));

        String log = Files.readString(ItConfig.logFile());
        for (Tokens tokens : List.of(regular, refreshed)) {
            String jti = (String) tokens.accessToken().get("jti");
            assertTrue(log.contains("Access token " + jti + " carries its granted claims itself"), jti);
            assertFalse(log.contains("lightweight access token " + jti), "a regular token needs no entry: " + jti);
        }
        String jti = (String) lightweight.accessToken().get("jti");
        assertTrue(java.util.regex.Pattern.compile("Kept the claims granted to lightweight access token " + java.util.regex.Pattern.quote(jti)
                + " for introspection: \\[[^\\]]*tos_version").matcher(log).find(),
                "a lightweight token keeps the names of its granted claims: " + jti);

        // and introspection shows the requested claims for both kinds
        OidcClient api = new OidcClient(server, "demo-api", "demo-api-secret", null);
        for (Tokens tokens : List.of(regular, refreshed, lightweight)) {
            Map<String, Object> introspected = api.introspect(tokens.accessTokenJwt()).json();
            assertEquals(Boolean.TRUE, introspected.get("active"), introspected.toString());
            assertEquals("2024-06", introspected.get("tos_version"), introspected.toString());
        }
    }

    private static Map<String, String> withoutNonceAndPkce() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("nonce", null);
        parameters.put("code_challenge", null);
        parameters.put("code_challenge_method", null);
        return parameters;
    }

    private static String bigRequest() {
        List<String> values = new ArrayList<>();
        values.add("\"2024-06\"");
        for (int i = 0; values.size() < 25; i++) {
            values.add("\"" + "v".repeat(50) + i + "\"");
        }
        return "{\"access_token\":{\"tos_version\":{\"values\":[" + String.join(",", values) + "]}}}";
    }
}
