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
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code claims.access_token} at the authorization endpoint (query and PAR): what the access
 * token then carries, and what a client can never make Keycloak assert.
 */
@ExtendWith(KeycloakExtension.class)
class AccessTokenClaimsIT {

    /** demo-spa's own mapper releases tos_version to its ID token and userinfo only. */
    static final String TOS = "{\"access_token\":{\"tos_version\":null}}";

    @Test
    void aClaimReleasedToTheClientsIdTokenIsAddedToItsAccessTokenWhenRequested(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);

        Map<String, Object> plain = spa.login("alice", "alice-password", Map.of()).accessToken();
        Map<String, Object> requested = spa.login("alice", "alice-password", Map.of("claims", TOS)).accessToken();

        assertFalse(plain.containsKey("tos_version"), "not in access tokens unless requested: " + plain);
        assertEquals("2024-06", requested.get("tos_version"), "computed from alice's user attribute");
    }

    @Test
    void aPushedAuthorizationRequestCarriesTheClaimsRequestToo(KeycloakServer server) {
        OidcClient web = OidcClient.web(server);
        AuthorizationFlow flow = web.authorizePushed(new Browser(), Map.of("claims", TOS)).login("alice", "alice-password");

        Tokens tokens = web.exchange(flow);

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
    }

    @Test
    void requestedValuesOnlyFilterWhatKeycloakComputed(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);

        Map<String, Object> matching = spa.login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"tos_version\":{\"essential\":true,\"value\":\"2024-06\"}}}")).accessToken();
        Map<String, Object> other = spa.login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"tos_version\":{\"essential\":true,\"values\":[\"2025-01\",\"2026-01\"]}}}")).accessToken();

        assertEquals("2024-06", matching.get("tos_version"));
        assertFalse(other.containsKey("tos_version"), "a value the user does not have is left out, never asserted: " + other);
    }

    @Test
    void aUserWithoutTheAttributeGetsNoClaim(KeycloakServer server) {
        Map<String, Object> token = OidcClient.spa(server).login("bob", "bob-password", Map.of("claims", TOS)).accessToken();
        assertFalse(token.containsKey("tos_version"), token.toString());
    }

    @Test
    void forgedValuesReservedClaimsAndClaimsTheClientIsNotEntitledToChangeNothing(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Map<String, Object> plain = spa.login("alice", "alice-password", Map.of()).accessToken();

        Map<String, Object> forged = spa.login("alice", "alice-password", Map.of("claims", """
                {"access_token":{
                  "sub":{"essential":true,"value":"admin"},
                  "email":{"essential":true,"value":"other@x"},
                  "azp":{"value":"admin-cli"},
                  "realm_access":{"essential":true,"value":"admin"},
                  "scope":{"value":"openid admin"},
                  "cost_center":null,
                  "phone_number":null,
                  "orders-reader":null}}""")).accessToken();

        assertEquals(plain.get("sub"), forged.get("sub"));
        assertEquals("alice@example.org", forged.get("email"));
        assertEquals("demo-spa", forged.get("azp"));
        assertEquals(plain.get("realm_access"), forged.get("realm_access"));
        assertEquals(plain.get("scope"), forged.get("scope"));
        // (department would be added: demo-api's policy makes it requestable, see ExampleRealmIT)
        assertFalse(forged.containsKey("cost_center"), "no mapper computes cost_center for demo-spa: " + forged);
        assertFalse(forged.containsKey("phone_number"), "the phone scope was not granted: " + forged);
        assertFalse(forged.containsKey("orders-reader"));
        assertEquals(new java.util.TreeSet<>(plain.keySet()), new java.util.TreeSet<>(forged.keySet()),
                "no claim added, none removed");
    }

    @Test
    void aValueAMapperEchoesFromTheRequestNeverReachesTheAccessToken(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("echo-" + System.nanoTime(), Map.of());
        // Keycloak's "Claims parameter with value ID Token" mapper copies a requested value into the ID token
        admin.addProtocolMapper(clientId, Map.of("name", "purpose echo", "protocol", "openid-connect",
                "protocolMapper", "oidc-claims-param-value-idtoken-mapper",
                "config", Map.of("claim.name", "purpose", "id.token.claim", "true")));
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);

        Tokens tokens = client.login("alice", "alice-password", Map.of("claims", """
                {"id_token":{"purpose":{"essential":true,"value":"research"}},
                 "access_token":{"purpose":{"essential":true,"value":"research"}}}"""));

        assertEquals("research", tokens.idToken().get("purpose"), "the mapper works: " + tokens.idToken());
        assertFalse(tokens.accessToken().containsKey("purpose"), "the client's own value, not Keycloak's: " + tokens.accessToken());
    }

    /**
     * Issue 15, finding 7: only mapper types on the allowlist (computing from user or session
     * data) count. A user-session-note mapper is not on it (notes may come from request or
     * upstream input): its claim stays out of the access token until the realm attribute
     * {@code claims-challenge.mapper-allowlist} names its type.
     */
    @Test
    void onlyMapperTypesOnTheAllowlistContributeAndTheRealmAttributeExtendsIt(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String clientId = admin.createSpaLikeClient("allowlist-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(clientId, Map.of("name", "login time", "protocol", "openid-connect",
                "protocolMapper", "oidc-usersessionmodel-note-mapper",
                "config", Map.of("user.session.note", "AUTH_TIME", "claim.name", "login_time", "jsonType.label", "String",
                        "id.token.claim", "true", "access.token.claim", "false")));
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
        String claims = "{\"access_token\":{\"login_time\":null,\"tos_version\":null}}";

        Tokens before = client.login("alice", "alice-password", Map.of("claims", claims));
        assertNotNull(before.idToken().get("login_time"), "the mapper works: " + before.idToken());
        assertFalse(before.accessToken().containsKey("login_time"), "not on the allowlist: " + before.accessToken());
        assertEquals("2024-06", before.accessToken().get("tos_version"), "a user-attribute mapper is on it");

        admin.setRealmAttribute("claims-challenge.mapper-allowlist", " oidc-usersessionmodel-note-mapper , some-other-mapper");
        try {
            Tokens after = client.login("alice", "alice-password", Map.of("claims", claims));
            assertEquals(after.idToken().get("login_time"), after.accessToken().get("login_time"), after.accessToken().toString());
        } finally {
            admin.setRealmAttribute("claims-challenge.mapper-allowlist", null);
        }
    }

    /** A user without OTP (so gold leads to the set-up page) logs in to demo-spa with {@code claims}. */
    private static AuthorizationFlow newUserLogsIn(KeycloakServer server, String claims) {
        String user = "stepup-" + System.nanoTime();
        new AdminApi(server).createUser(user, "pw-" + user);
        return OidcClient.spa(server).authorize(new Browser(), Map.of("claims", claims)).login(user, "pw-" + user);
    }

    @Test
    void keycloaksOwnIdTokenAcrStepUpStillWorksNextToAnAccessTokenMember(KeycloakServer server) {
        AuthorizationFlow flow = newUserLogsIn(server, """
                {"id_token":{"acr":{"essential":true,"values":["gold"]}},"access_token":{"tos_version":null}}""");

        // Without the extension Keycloak drops the whole parameter and redirects right away.
        assertFalse(flow.isCallback(), "gold needs a second factor, so Keycloak must not return yet");
        assertNotNull(flow.page().getElementById("kc-totp-settings-form"), "Keycloak asks to set up OTP: " + flow.text());
    }

    @Test
    void anEmptyAccessTokenMemberDoesNotDisableKeycloaksStepUpEither(KeycloakServer server) {
        AuthorizationFlow flow = newUserLogsIn(server, """
                {"access_token":{},"id_token":{"acr":{"essential":true,"values":["gold"]}}}""");

        assertNotNull(flow.page().getElementById("kc-totp-settings-form"), "Keycloak asks to set up OTP: " + flow.text());
    }

    @Test
    void anUnknownEssentialAcrEndsWithAnErrorRedirectBeforeAnyLogin(KeycloakServer server) {
        AuthorizationFlow flow = OidcClient.spa(server).authorize(new Browser(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"value\":\"platinum\"}}}"));

        Map<String, String> callback = flow.callbackParameters();
        assertEquals("unmet_authentication_requirements", callback.get("error"));
        assertTrue(callback.get("error_description").contains("platinum"), callback.toString());
        assertNotNull(callback.get("state"));
    }

    @Test
    void maxAgeOrARequestedAuthTimePutsAuthTimeInTheAccessToken(KeycloakServer server) {
        Tokens tokens = OidcClient.spa(server).login("alice", "alice-password",
                Map.of("max_age", "600", "claims", "{\"access_token\":{\"auth_time\":{\"essential\":true}}}"));

        Object authTime = tokens.accessToken().get("auth_time");
        assertNotNull(authTime, tokens.accessToken().toString());
        assertEquals(tokens.idToken().get("auth_time"), authTime);
    }

    @Test
    void clientCapabilitiesAreEchoedOnlyFromTheConfiguredList(KeycloakServer server) {
        Map<String, Object> token = OidcClient.spa(server).login("alice", "alice-password",
                Map.of("claims", "{\"access_token\":{\"xms_cc\":{\"values\":[\"cp1\",\"cp9\"]}}}")).accessToken();

        assertEquals(List.of("cp1"), token.get("xms_cc"));
    }

    @Test
    void theRealmSwitchTurnsTheExtensionOff(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        admin.setRealmAttribute("claims-challenge.enabled", "false");
        try {
            Map<String, Object> token = OidcClient.spa(server).login("alice", "alice-password", Map.of("claims", TOS)).accessToken();
            assertFalse(token.containsKey("tos_version"), token.toString());
        } finally {
            admin.setRealmAttribute("claims-challenge.enabled", null);
        }
    }
}
