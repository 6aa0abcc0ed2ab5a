package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requested claims stay with their grant: refresh, offline tokens, two tabs, and {@code claims} on refresh. */
@ExtendWith(KeycloakExtension.class)
class RefreshClaimsIT {

    static final String TOS = AccessTokenClaimsIT.TOS;
    static final String CP1 = "{\"access_token\":{\"xms_cc\":{\"values\":[\"cp1\"]}}}";

    @Test
    void refreshedAccessTokensCarryTheSameRequestedClaims(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of("claims", TOS));

        Tokens second = spa.refresh(first.refreshTokenJwt(), Map.of());
        Tokens third = spa.refresh(second.refreshTokenJwt(), Map.of());

        assertEquals(200, second.status(), () -> second.json().toString());
        assertEquals("2024-06", second.accessToken().get("tos_version"));
        assertEquals("2024-06", third.accessToken().get("tos_version"), "and the refresh after that");
    }

    @Test
    void offlineTokensKeepThemToo(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of("claims", TOS, "scope", "openid offline_access"));
        assertEquals("Offline", Tokens.decode(first.refreshTokenJwt()).get("typ"));

        Tokens refreshed = spa.refresh(first.refreshTokenJwt(), Map.of());

        assertEquals(200, refreshed.status(), () -> refreshed.json().toString());
        assertEquals("2024-06", refreshed.accessToken().get("tos_version"));
    }

    @Test
    void twoTabsOfTheSameBrowserKeepTheirOwnClaimsRequests(KeycloakServer server) throws Exception {
        OidcClient spa = OidcClient.spa(server);
        AuthorizationFlow tabA = null;
        AuthorizationFlow tabB = null;
        // A client session keeps 8 pending claims requests, one per slot of hash(nonce, PKCE
        // challenge); two pending tabs share a slot with probability 1/8, and then the newer one
        // wins (docs/security.md). This test is about tabs in different slots: it starts over in a
        // fresh browser when the random PKCE challenges put both tabs in one slot.
        for (int attempt = 0; attempt < 20 && (tabA == null || slot(tabA, "nonce-a") == slot(tabB, "nonce-b")); attempt++) {
            Browser browser = new Browser();
            tabA = spa.authorize(browser, Map.of("claims", TOS, "nonce", "nonce-a")).login("alice", "alice-password");
            // tab B authorizes the same client in the same SSO session before tab A redeems its code
            tabB = spa.authorize(browser, Map.of("claims", CP1, "nonce", "nonce-b"));
            assertTrue(tabB.isCallback(), "SSO: no login form for tab B");
        }

        Map<String, Object> tokenA = spa.exchange(tabA).accessToken();
        Tokens tokensB = spa.exchange(tabB);
        Map<String, Object> tokenB = tokensB.accessToken();

        assertEquals("2024-06", tokenA.get("tos_version"));
        assertFalse(tokenA.containsKey("xms_cc"), tokenA.toString());
        assertEquals(List.of("cp1"), tokenB.get("xms_cc"));
        assertFalse(tokenB.containsKey("tos_version"), tokenB.toString());
        assertFalse(spa.refresh(tokensB.refreshTokenJwt(), Map.of()).accessToken().containsKey("tos_version"),
                "tab B's refreshes keep tab B's request");
    }

    @Test
    void claimsOnARefreshGrantAddWhatTheClientIsEntitledTo(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());
        assertFalse(first.accessToken().containsKey("tos_version"));

        Tokens refreshed = spa.refresh(first.refreshTokenJwt(), Map.of("claims", TOS));

        assertEquals(200, refreshed.status(), () -> refreshed.json().toString());
        assertEquals("2024-06", refreshed.accessToken().get("tos_version"));
        assertEquals("2024-06", spa.refresh(refreshed.refreshTokenJwt(), Map.of()).accessToken().get("tos_version"),
                "and keeps it on later refreshes");
    }

    @Test
    void anAcrTheSessionHasNotReachedNeedsInteractiveAuthorization(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens silver = spa.login("alice", "alice-password", Map.of());

        Tokens refused = spa.refresh(silver.refreshTokenJwt(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"gold\"}}}"));
        Tokens met = spa.refresh(silver.refreshTokenJwt(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"silver\"}}}"));

        assertEquals(400, refused.status());
        assertEquals("invalid_grant", refused.error());
        assertTrue(refused.errorDescription().startsWith("interaction_required: "), refused.errorDescription());
        assertEquals(200, met.status(), () -> met.json().toString());
        assertEquals("silver", met.accessToken().get("acr"));
    }

    @Test
    void malformedClaimsOnARefreshGrantAreAnInvalidRequest(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());

        Tokens refused = spa.refresh(first.refreshTokenJwt(), Map.of("claims", "{\"access_token\":[1]}"));

        assertEquals(400, refused.status());
        assertEquals("invalid_request", refused.error());
        assertTrue(refused.errorDescription().contains("claims.access_token must be a JSON object"), refused.errorDescription());
    }

    @Test
    void aNonFiniteNumberOnARefreshGrantIsAnInvalidRequest(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());

        // 1e400 is valid JSON, but no double holds it (issue 22, finding 5: it answered 500)
        Tokens refused = spa.refresh(first.refreshTokenJwt(),
                Map.of("claims", "{\"access_token\":{\"auth_time\":{\"essential\":true,\"value\":1e400}}}"));

        assertEquals(400, refused.status(), () -> refused.json().toString());
        assertEquals("invalid_request", refused.error());
        assertTrue(refused.errorDescription().contains("claims.access_token.auth_time.value must be a finite number"),
                refused.errorDescription());
        assertEquals(200, spa.refresh(first.refreshTokenJwt(), Map.of()).status(), "the grant still refreshes");
    }

    @Test
    void markupInAnEssentialAcrIsNotEchoed(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());

        Tokens refused = spa.refresh(first.refreshTokenJwt(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"<b>platinum</b>\"}}}"));

        // issue 22, finding 6: the description said "acr [<b>platinum</b>]"
        assertEquals(400, refused.status(), () -> refused.json().toString());
        assertEquals("invalid_grant", refused.error());
        assertTrue(refused.errorDescription().contains("acr [?b?platinum?/b?]"), refused.errorDescription());
        assertFalse(refused.json().toString().contains("<"), refused.json().toString());
        assertFalse(refused.json().toString().contains(">"), refused.json().toString());
    }

    @Test
    void aRefreshThatWouldPassTheClaimsLimitIsRefusedAndTheGrantKeepsItsClaims(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of("claims", TOS));

        Tokens forty = spa.refresh(first.refreshTokenJwt(), Map.of("claims", manyClaims("a", 40)));
        assertEquals(200, forty.status(), () -> forty.json().toString());
        // 41 + 40 claims: past the 64 a claims request may hold (issue 22, finding 8: merged into 81,
        // then the next refresh dropped the whole snapshot)
        Tokens eighty = spa.refresh(forty.refreshTokenJwt(), Map.of("claims", manyClaims("b", 40)));

        assertEquals(400, eighty.status(), () -> eighty.json().toString());
        assertEquals("invalid_request", eighty.error());
        assertTrue(eighty.errorDescription().contains("more than 64 claims"), eighty.errorDescription());
        Tokens again = spa.refresh(forty.refreshTokenJwt(), Map.of());
        assertEquals(200, again.status(), () -> again.json().toString());
        assertEquals("2024-06", again.accessToken().get("tos_version"), "the grant keeps its claims");
        assertEquals("2024-06", spa.refresh(again.refreshTokenJwt(), Map.of()).accessToken().get("tos_version"),
                "and on the refresh after that");
    }

    private static String manyClaims(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "\"" + prefix + i + "\":null")
                .collect(java.util.stream.Collectors.joining(",", "{\"access_token\":{", "}}"));
    }

    /** The slot the extension keeps a pending request in (AccessTokenClaimsNote): SHA-256 of nonce, 0, S256 challenge. */
    private static long slot(AuthorizationFlow flow, String nonce) throws Exception {
        byte[] verifier = flow.codeVerifier().getBytes(StandardCharsets.US_ASCII);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(nonce.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(challenge.getBytes(StandardCharsets.UTF_8));
        return Long.parseLong(HexFormat.of().formatHex(digest.digest(), 0, 4), 16) % 8;
    }
}
