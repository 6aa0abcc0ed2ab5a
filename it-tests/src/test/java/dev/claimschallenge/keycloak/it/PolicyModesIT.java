package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A web client calls an API client that has a required-claims policy; each mode on the
 * authorization code and refresh grants. The API computes its required claim {@code department}
 * with a mapper on its own client; the web client has no mapper for it.
 */
@ExtendWith(KeycloakExtension.class)
class PolicyModesIT {

    private AdminApi admin;
    private String api;
    private OidcClient web;
    private ApiAndCaller clients;

    @BeforeEach
    void apiAndWebClient(KeycloakServer server) {
        admin = new AdminApi(server);
        clients = ApiAndCaller.create(admin);
        api = clients.api();
        web = clients.webClient(server);
    }

    private void policy(String mode, String requiredClaims, String extra) {
        clients.policy(admin, "\"mode\":\"" + mode + "\",\"required_claims\":" + requiredClaims + extra);
    }

    /** The API's policy as the extension's admin REST API lists it. */
    private Map<?, ?> storedPolicy() {
        return java.util.Arrays.stream(admin.get(PolicyAdminApiIT.POLICIES, Map[].class))
                .filter(p -> api.equals(p.get("client_id"))).findFirst().orElseThrow();
    }

    @Test
    void advertiseChangesNothingInTokens() {
        policy("advertise", "[{\"name\":\"department\"}]", "");

        Tokens tokens = web.login("alice", "alice-password", Map.of());

        assertTrue(String.valueOf(tokens.accessToken().get("aud")).contains(api));
        assertFalse(tokens.accessToken().containsKey("department"), tokens.accessToken().toString());
    }

    @Test
    void satisfyAddsTheClaimTheApiComputesOnCodeAndRefresh() {
        policy("satisfy", "[{\"name\":\"department\"}]", "");

        Tokens tokens = web.login("alice", "alice-password", Map.of());
        Tokens refreshed = web.refresh(tokens.refreshTokenJwt(), Map.of());

        assertEquals("research", tokens.accessToken().get("department"), "computed by the API's own mapper");
        assertEquals("research", refreshed.accessToken().get("department"));
    }

    @Test
    void satisfyLeavesOutAValueThePolicyDoesNotAccept() {
        policy("satisfy", "[{\"name\":\"department\",\"values\":[\"finance\"]}]", "");

        Tokens tokens = web.login("alice", "alice-password", Map.of());

        assertEquals(200, tokens.status());
        assertFalse(tokens.accessToken().containsKey("department"), tokens.accessToken().toString());
    }

    @Test
    void satisfyStepsUpForTheRequiredAcrBeforeTheFirstToken(KeycloakServer server) {
        policy("satisfy", "[]", ",\"acr_values\":[\"gold\"]");
        String user = "policy-gold-" + System.nanoTime();
        admin.createUser(user, "pw-" + user);

        AuthorizationFlow flow = web.authorize(new Browser()).login(user, "pw-" + user);

        assertFalse(flow.isCallback(), "the policy's gold needs a second factor");
        flow.enrolOtp();
        assertEquals("gold", web.exchange(flow).accessToken().get("acr"));
    }

    @Test
    void enforceRefusesAUserWhoLacksTheClaimAndServesOneWhoHasIt() {
        policy("enforce", "[{\"name\":\"email_verified\",\"values\":[true]},{\"name\":\"department\"}]", "");

        Tokens alice = web.login("alice", "alice-password", Map.of());
        Tokens bob = web.login("bob", "bob-password", Map.of());

        assertEquals(200, alice.status(), () -> alice.json().toString());
        assertEquals("research", alice.accessToken().get("department"));
        assertEquals(400, bob.status());
        assertEquals("access_denied", bob.error());
        assertEquals("The access token for " + api + " lacks required claims: email_verified", bob.errorDescription());
    }

    @Test
    void enforceOnRefreshAnswersInvalidGrantOnceThePolicyIsStricter() {
        policy("enforce", "[{\"name\":\"department\"}]", "");
        Tokens tokens = web.login("alice", "alice-password", Map.of());
        assertEquals(200, tokens.status());

        Map<?, ?> stored = storedPolicy();
        assertNotNull(stored);
        HttpResponse<String> stricter = admin.send("PUT", PolicyAdminApiIT.POLICIES + "/" + stored.get("id"), """
                {"client_id":"%s","mode":"enforce","required_claims":[{"name":"department","values":["finance"]}]}""".formatted(api));
        assertEquals(200, stricter.statusCode(), stricter.body());

        Tokens refused = web.refresh(tokens.refreshTokenJwt(), Map.of());

        assertEquals(400, refused.status());
        assertEquals("invalid_grant", refused.error());
        assertTrue(refused.errorDescription().contains("department"), refused.errorDescription());
    }

    @Test
    void aDeletedPolicyGovernsNoFurtherToken() {
        policy("enforce", "[{\"name\":\"email_verified\",\"values\":[true]}]", "");
        Tokens refused = web.login("bob", "bob-password", Map.of());
        assertEquals("access_denied", refused.error(), () -> refused.json().toString());
        Map<?, ?> stored = storedPolicy();

        // the policies a realm's tokens are judged by are kept with Keycloak's cached realm: a
        // deletion must reach the very next token, as an edit does
        assertEquals(204, admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + stored.get("id"), null).statusCode());
        Tokens served = web.login("bob", "bob-password", Map.of());

        assertEquals(200, served.status(), () -> served.json().toString());
    }

    @Test
    void enforceAlsoGovernsClientCredentialsTokensForTheApi(KeycloakServer server) {
        policy("enforce", "[{\"name\":\"department\"}]", "");
        OidcClient service = confidentialClientForTheApi(server, "orders-batch-", Map.of("serviceAccountsEnabled", true));

        // a service account has no department: no token for the API
        Tokens refused = service.token(new ClientCredentialsGrant(), Map.of());

        assertEquals(400, refused.status(), () -> refused.json().toString());
        assertEquals("access_denied", refused.error());
        assertEquals("The access token for " + api + " lacks required claims: department", refused.errorDescription());
    }

    @Test
    void enforceAlsoGovernsPasswordGrantTokensForTheApi(KeycloakServer server) {
        policy("enforce", "[{\"name\":\"email_verified\",\"values\":[true]}]", "");
        OidcClient legacy = confidentialClientForTheApi(server, "orders-legacy-", Map.of("directAccessGrantsEnabled", true));

        Tokens alice = legacy.password("alice", "alice-password");
        Tokens bob = legacy.password("bob", "bob-password");

        assertEquals(200, alice.status(), () -> alice.json().toString());
        assertEquals(400, bob.status(), () -> bob.json().toString());
        assertEquals("access_denied", bob.error());
        assertEquals("The access token for " + api + " lacks required claims: email_verified", bob.errorDescription());
    }

    /** A confidential client (secret {@code s3cret}) whose tokens carry the API in {@code aud}, with {@code grants} switched on. */
    private OidcClient confidentialClientForTheApi(KeycloakServer server, String prefix, Map<String, Object> grants) {
        String clientId = prefix + System.nanoTime();
        Map<String, Object> client = new java.util.HashMap<>(Map.of("clientId", clientId, "publicClient", false, "secret", "s3cret",
                "standardFlowEnabled", false,
                "protocolMappers", List.of(Map.of("name", "orders audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", api, "access.token.claim", "true")))));
        client.putAll(grants);
        admin.createClient(client);
        return new OidcClient(server, clientId, "s3cret", null);
    }
}
