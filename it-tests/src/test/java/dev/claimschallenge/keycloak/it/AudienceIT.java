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
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which policies govern a token, from the audience Keycloak really gives it: a lightweight access
 * token (no {@code aud} of its own), an audience from an optional client scope named in
 * {@code scope}, an audience from Keycloak's audience-resolve mapper (client roles); and enforce
 * judging the token the way evaluate does. Every client, scope, user and policy here is created
 * for the test and removed after it.
 */
@ExtendWith(KeycloakExtension.class)
class AudienceIT {

    private static final String REALM = "/realms/" + KeycloakServer.REALM;
    private static final String API_SECRET = "api-secret";
    private static final String DEPARTMENT = "{\"access_token\":{\"department\":null}}";

    private KeycloakServer server;
    private AdminApi admin;
    private String api;
    private final List<String> cleanup = new ArrayList<>();

    @BeforeEach
    void anApi(KeycloakServer server) {
        this.server = server;
        admin = new AdminApi(server);
        api = "aud-api-" + System.nanoTime();
        created(admin.send("POST", REALM + "/clients", Map.of("clientId", api, "publicClient", false, "secret", API_SECRET,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false,
                "protocolMappers", List.of(Map.of("name", "department", "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-attribute-mapper",
                        "config", Map.of("user.attribute", "department", "claim.name", "department", "jsonType.label", "String",
                                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"))))));
        cleanup.add(REALM + "/clients/" + clientUuid(api));
    }

    @AfterEach
    void removeWhatTheTestCreated() {
        for (Map<?, ?> policy : admin.get(PolicyAdminApiIT.POLICIES, Map[].class)) {
            if (api.equals(policy.get("client_id"))) {
                admin.send("DELETE", PolicyAdminApiIT.POLICIES + "/" + policy.get("id"), null);
            }
        }
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            admin.send("DELETE", cleanup.get(i), null);
        }
    }

    // --- lightweight access tokens (issue 15, finding 1) ---

    @Test
    void enforceRefusesALightweightTokenForTheApiThatLacksARequiredClaim() {
        policy("\"mode\":\"enforce\",\"required_claims\":[{\"name\":\"email_verified\",\"values\":[true]}]");
        OidcClient web = lightweightWebClientWithTheApiInItsAudience();

        Tokens alice = web.login("alice", "alice-password", Map.of());
        Tokens bob = web.login("bob", "bob-password", Map.of());

        assertEquals(200, alice.status(), () -> alice.json().toString());
        assertFalse(alice.accessToken().containsKey("aud"), "a lightweight token: " + alice.accessToken());
        assertEquals(400, bob.status(), () -> "Bob's e-mail is not verified: " + bob.json());
        assertEquals("access_denied", bob.error());
        assertEquals("The access token for " + api + " lacks required claims: email_verified", bob.errorDescription());
    }

    @Test
    void theApisRequestableClaimsReachALightweightTokensIntrospection() {
        policy("\"mode\":\"advertise\",\"requestable_claims\":[\"department\"]");
        OidcClient web = lightweightWebClientWithTheApiInItsAudience();

        Tokens tokens = web.login("alice", "alice-password", Map.of("claims", DEPARTMENT));
        Map<String, Object> introspected = apiClient().introspect(tokens.accessTokenJwt()).json();

        assertEquals(Boolean.TRUE, introspected.get("active"), introspected.toString());
        assertTrue(String.valueOf(introspected.get("aud")).contains(api), introspected.toString());
        assertEquals("research", introspected.get("department"), "computed by the API's own mapper: " + introspected);
    }

    @Test
    void enforceGovernsARegularTokenWhoseAudienceNamesTheApiOnlyAtIntrospection() {
        // the extension reruns, for a regular token, only the audience mappers it does not carry already
        policy("\"mode\":\"enforce\",\"required_claims\":[{\"name\":\"email_verified\",\"values\":[true]}]");
        OidcClient web = webClientWithoutAnAudienceMapper();
        admin.addProtocolMapper(web.clientId(), Map.of("name", "api audience at introspection", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", api, "access.token.claim", "false", "introspection.token.claim", "true")));

        Tokens alice = web.login("alice", "alice-password", Map.of());
        Tokens bob = web.login("bob", "bob-password", Map.of());

        assertEquals(200, alice.status(), () -> alice.json().toString());
        assertFalse(String.valueOf(alice.accessToken().get("aud")).contains(api), "only introspection names the API: " + alice.accessToken());
        assertEquals(400, bob.status(), () -> "Bob's e-mail is not verified: " + bob.json());
        assertEquals("The access token for " + api + " lacks required claims: email_verified", bob.errorDescription());
    }

    // --- the audience of an optional client scope named in scope (issue 14) ---

    @Test
    void maxAgeStepsUpForAnApiInTheAudienceOfARequestedOptionalScope() throws Exception {
        policy("\"mode\":\"satisfy\",\"max_age\":2");
        String scope = optionalAudienceScope();
        OidcClient web = webClient(Map.of(), List.of(), List.of(scope));
        String user = user();
        Browser browser = new Browser();
        web.exchange(web.authorize(browser).login(user, "pw-" + user));
        Thread.sleep(4000);

        AuthorizationFlow again = web.authorize(browser, Map.of("scope", "openid " + scope));

        assertFalse(again.isCallback(), "the API's max_age of 2 s has passed: Keycloak must ask for a new login");
        long before = System.currentTimeMillis() / 1000 - 1;
        Tokens tokens = web.exchange(again.login(user, "pw-" + user));
        assertTrue(String.valueOf(tokens.accessToken().get("aud")).contains(api), tokens.accessToken().toString());
        assertTrue(((Number) tokens.accessToken().get("auth_time")).longValue() >= before, tokens.accessToken().toString());
    }

    @Test
    void acrStepsUpForAnApiInTheAudienceOfARequestedOptionalScope() {
        policy("\"mode\":\"satisfy\",\"acr_values\":[\"gold\"]");
        String scope = optionalAudienceScope();
        OidcClient web = webClient(Map.of(), List.of(), List.of(scope));
        String user = user();

        AuthorizationFlow flow = web.authorize(new Browser(), Map.of("scope", "openid " + scope)).login(user, "pw-" + user);

        assertFalse(flow.isCallback(), "the API's gold needs a second factor");
        flow.enrolOtp();
        Tokens tokens = web.exchange(flow);
        assertEquals("gold", tokens.accessToken().get("acr"));
        assertTrue(String.valueOf(tokens.accessToken().get("aud")).contains(api), tokens.accessToken().toString());
    }

    // --- the audience of Keycloak's audience-resolve mapper (the default "roles" scope) ---

    @Test
    void maxAgeStepsUpForAnApiTheUserReachesThroughAClientRole() throws Exception {
        policy("\"mode\":\"satisfy\",\"max_age\":2");
        OidcClient web = webClientWithoutAnAudienceMapper();
        String user = userWithAnApiRole();
        Browser browser = new Browser();
        Tokens first = web.exchange(web.authorize(browser).login(user, "pw-" + user));
        assertTrue(String.valueOf(first.accessToken().get("aud")).contains(api), "audience resolve: " + first.accessToken());
        Thread.sleep(4000);

        AuthorizationFlow again = web.authorize(browser);

        assertFalse(again.isCallback(), "the API's max_age of 2 s has passed: Keycloak must ask for a new login");
        long before = System.currentTimeMillis() / 1000 - 1;
        Tokens tokens = web.exchange(again.login(user, "pw-" + user));
        assertTrue(((Number) tokens.accessToken().get("auth_time")).longValue() >= before, tokens.accessToken().toString());
    }

    @Test
    void acrStepsUpForAnApiTheUserReachesThroughAClientRole() {
        policy("\"mode\":\"satisfy\",\"acr_values\":[\"gold\"]");
        OidcClient web = webClientWithoutAnAudienceMapper();
        String user = userWithAnApiRole();

        AuthorizationFlow flow = web.authorize(new Browser()).login(user, "pw-" + user);

        assertFalse(flow.isCallback(), "the API's gold needs a second factor");
        flow.enrolOtp();
        Tokens tokens = web.exchange(flow);
        assertEquals("gold", tokens.accessToken().get("acr"));
        assertTrue(String.valueOf(tokens.accessToken().get("aud")).contains(api), tokens.accessToken().toString());
    }

    // --- enforce and evaluate agree ---

    @Test
    void anEnforcedMaxAgeGivesATokenThatSatisfiesEvaluateEvenWithoutTheBasicScope() {
        policy("\"mode\":\"enforce\",\"max_age\":3600");
        String scope = optionalAudienceScope();
        OidcClient web = webClient(Map.of(), List.of("basic"), List.of(scope));

        Tokens tokens = web.login("alice", "alice-password", Map.of("scope", "openid " + scope));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertNotNull(tokens.accessToken().get("auth_time"), "the RS must see what enforce judged: " + tokens.accessToken());
        assertSatisfies(tokens);
    }

    @Test
    void anEnforcedMaxAgeGivesAPasswordGrantTokenThatSatisfiesEvaluateEvenWithoutTheBasicScope() {
        policy("\"mode\":\"enforce\",\"max_age\":3600");
        OidcClient web = webClient(Map.of("directAccessGrantsEnabled", true), List.of("basic"), List.of());
        admin.addProtocolMapper(web.clientId(), audienceMapper());

        Tokens tokens = web.password("alice", "alice-password");

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertNotNull(tokens.accessToken().get("auth_time"), "the RS must see what enforce judged: " + tokens.accessToken());
        assertSatisfies(tokens);
    }

    @Test
    void anEnforcedAcrGivesATokenThatSatisfiesEvaluateEvenWithoutTheAcrScope() {
        policy("\"mode\":\"enforce\",\"acr_values\":[\"silver\"]");
        String scope = optionalAudienceScope();
        OidcClient web = webClient(Map.of(), List.of("acr"), List.of(scope));

        Tokens tokens = web.login("alice", "alice-password", Map.of("scope", "openid " + scope));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("silver", tokens.accessToken().get("acr"), tokens.accessToken().toString());
        assertSatisfies(tokens);
    }

    // --- set-up ---

    private void assertSatisfies(Tokens tokens) {
        Tokens answer = apiClient().postJson("/claims-challenge/evaluate", Map.of("token", tokens.accessTokenJwt()));
        assertEquals(200, answer.status(), () -> answer.json().toString());
        assertEquals(Boolean.TRUE, answer.json().get("active"), answer.json().toString());
        assertEquals(List.of(), answer.json().get("missing"), answer.json().toString());
        assertEquals(Boolean.TRUE, answer.json().get("satisfied"), answer.json().toString());
    }

    private void policy(String fields) {
        created(admin.send("POST", PolicyAdminApiIT.POLICIES, "{\"client_id\":\"" + api + "\"," + fields + "}"));
    }

    private OidcClient apiClient() {
        return new OidcClient(server, api, API_SECRET, null);
    }

    /** Lightweight access tokens, the API in the audience of regular tokens and of introspection (not of lightweight ones). */
    private OidcClient lightweightWebClientWithTheApiInItsAudience() {
        OidcClient web = webClient(Map.of("attributes", Map.of("client.use.lightweight.access.token.enabled", "true")), List.of(), List.of());
        admin.addProtocolMapper(web.clientId(), audienceMapper());
        return web;
    }

    /** A public client like demo-spa; only the default "roles" scope's audience resolve can add the API. */
    private OidcClient webClientWithoutAnAudienceMapper() {
        return webClient(Map.of(), List.of(), List.of());
    }

    /**
     * A public PKCE client with the realm's default client scopes except {@code withoutDefaultScopes},
     * and {@code optionalScopes} as optional client scopes.
     */
    private OidcClient webClient(Map<String, Object> fields, List<String> withoutDefaultScopes, List<String> optionalScopes) {
        String clientId = "aud-web-" + System.nanoTime();
        Map<String, Object> client = new java.util.HashMap<>(Map.of("clientId", clientId, "publicClient", true,
                "standardFlowEnabled", true, "redirectUris", List.of(OidcClient.DEFAULT_REDIRECT_URI)));
        client.putAll(fields);
        created(admin.send("POST", REALM + "/clients", client));
        String uuid = clientUuid(clientId);
        cleanup.add(REALM + "/clients/" + uuid);
        for (String scope : withoutDefaultScopes) {
            HttpResponse<String> removed = admin.send("DELETE", REALM + "/clients/" + uuid + "/default-client-scopes/" + scopeId(scope), null);
            assertEquals(204, removed.statusCode(), removed.body());
        }
        for (String scope : optionalScopes) {
            HttpResponse<String> added = admin.send("PUT", REALM + "/clients/" + uuid + "/optional-client-scopes/" + scopeId(scope), null);
            assertEquals(204, added.statusCode(), added.body());
        }
        return new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
    }

    /** An optional client scope whose audience mapper adds the API; returns its name. */
    private String optionalAudienceScope() {
        String name = "aud-scope-" + System.nanoTime();
        HttpResponse<String> response = admin.send("POST", REALM + "/client-scopes", Map.of("name", name, "protocol", "openid-connect",
                "attributes", Map.of("include.in.token.scope", "true"), "protocolMappers", List.of(audienceMapper())));
        created(response);
        cleanup.add(REALM + "/client-scopes/" + scopeId(name));
        return name;
    }

    private Map<String, Object> audienceMapper() {
        return Map.of("name", "api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", api, "access.token.claim", "true", "introspection.token.claim", "true"));
    }

    private String user() {
        String user = "aud-user-" + System.nanoTime();
        cleanup.add(REALM + "/users/" + admin.createUser(user, "pw-" + user));
        return user;
    }

    /** A user with a role of the API, so that Keycloak's audience resolve puts the API in the audience. */
    private String userWithAnApiRole() {
        String apiUuid = clientUuid(api);
        created(admin.send("POST", REALM + "/clients/" + apiUuid + "/roles", Map.of("name", "reader")));
        Map<?, ?> role = admin.get(REALM + "/clients/" + apiUuid + "/roles/reader", Map.class);
        String user = user();
        String userId = admin.get(REALM + "/users?exact=true&username=" + user, Map[].class)[0].get("id").toString();
        HttpResponse<String> granted = admin.send("POST", REALM + "/users/" + userId + "/role-mappings/clients/" + apiUuid, List.of(role));
        assertEquals(204, granted.statusCode(), granted.body());
        return user;
    }

    private String clientUuid(String clientId) {
        return admin.get(REALM + "/clients?clientId=" + clientId, Map[].class)[0].get("id").toString();
    }

    private String scopeId(String name) {
        return Arrays.stream(admin.get(REALM + "/client-scopes", Map[].class)).filter(scope -> name.equals(scope.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no client scope " + name)).get("id").toString();
    }

    private static void created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
    }
}
