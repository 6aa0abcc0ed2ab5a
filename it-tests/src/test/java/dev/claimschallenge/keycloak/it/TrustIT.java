package dev.claimschallenge.keycloak.it;

import static dev.claimschallenge.keycloak.it.AuthenticationContextsIT.acrs;
import static dev.claimschallenge.keycloak.it.AuthenticationContextsIT.context;
import static dev.claimschallenge.keycloak.it.AuthenticationContextsIT.evaluate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.AuthorizationFlow;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientInitialAccessCreatePresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * Issue 22's first four findings and its ninth, as an app developer mounts them: a client
 * registered with an initial access token under the realm's default registration policies (its
 * own user-attribute mappers and its own {@code acr.loa.map} are accepted there), a client admin's
 * hardcoded mappers, and a user who edits her own first name. Every decision must rest on what
 * Keycloak decided: the client the token was issued to, the session's level and time of
 * authentication, the API's own mappers (docs/security.md, "Trust").
 */
@ExtendWith(KeycloakExtension.class)
class TrustIT {

    /** Finding 1: client_id and azp written by an app's mappers never make it an approved client. */
    @Test
    void anAppsOwnMappersCannotPassItOffAsAnApprovedClient(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller advertised = ApiAndCaller.create(admin);
        ApiAndCaller enforced = ApiAndCaller.create(admin);
        advertised.policy(admin, "\"mode\":\"advertise\",\"required_claims\":[{\"name\":\"client_id\",\"values\":[\"" + advertised.web() + "\"]}]");
        enforced.policy(admin, "\"mode\":\"enforce\",\"required_claims\":[{\"name\":\"client_id\",\"values\":[\"" + advertised.web() + "\"]}]");
        // the user names herself after the approved app: Keycloak's default user profile lets her edit her first name
        String user = user(admin, advertised.web(), advertised.api(), enforced.api());
        String app = register(server, admin, Map.of(), userProperty("client_id", "firstName"));
        // and a client admin's hardcoded azp
        admin.addProtocolMapper(app, Map.of("name", "azp", "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", "azp", "claim.value", advertised.web(), "access.token.claim", "true", "jsonType.label", "String")));

        Tokens tokens = appClient(server, app).login(user, "pw-" + user, Map.of());
        assertEquals(400, tokens.status(), "the enforce policy's API is in the audience too: " + tokens.json());
        assertEquals("access_denied", tokens.error());
        assertTrue(tokens.errorDescription().contains("this client is not approved for the API"), tokens.errorDescription());

        // without the enforce API in its audience the token is issued: it names only the app it was issued to
        removeRole(admin, user, enforced.api());
        tokens = appClient(server, app).login(user, "pw-" + user, Map.of());
        assertEquals(200, tokens.status(), String.valueOf(tokens.json()));
        assertEquals(app, tokens.accessToken().get("azp"), "Keycloak's azp, not the mapper's");
        assertNull(tokens.accessToken().get("client_id"), "a client_id naming another client is removed");
        Map<String, Object> answer = evaluate(server, advertised, tokens.accessTokenJwt());
        assertEquals(false, answer.get("satisfied"), answer.toString());
        assertTrue(((String) answer.get("www_authenticate")).contains("this client is not approved for the API"), answer.toString());

        // the approved app itself still passes
        Tokens approved = advertised.webClient(server).login(user, "pw-" + user, Map.of());
        assertEquals(true, evaluate(server, advertised, approved.accessTokenJwt()).get("satisfied"));
    }

    /**
     * Finding 2: an app whose own acr.loa.map calls level 1 "gold" (the realm's gold is 2), or whose
     * mappers write acr and auth_time, never meets a second-factor or recency requirement with a password.
     */
    @Test
    void aPasswordNeverMeetsASecondFactorRequirementWhateverTheAppCallsIt(KeycloakServer server) throws InterruptedException {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String strong = context(admin, "{\"acr_values\":[\"gold\"]}");
        String recent = context(admin, "{\"max_age\":2}");
        apps.policy(admin, "\"mode\":\"advertise\",\"acr_values\":[\"gold\"],\"contexts\":[\"" + strong + "\",\"" + recent + "\"]");
        ApiAndCaller enforcing = ApiAndCaller.create(admin);
        String user = user(admin, "gold", apps.api());

        String relabelled = register(server, admin, Map.of("acr.loa.map", "{\"gold\":1}"), userProperty("acr", "firstName"));
        AuthorizationFlow flow = appClient(server, relabelled).authorize(new Browser(), Map.of("claims", acrs(strong))).login(user, "pw-" + user);
        assertTrue(flow.isCallback(), "the app's own map lets a password pass for gold: " + flow.text());
        Tokens tokens = appClient(server, relabelled).exchange(flow);
        assertEquals(200, tokens.status(), String.valueOf(tokens.json()));
        assertEquals("gold", tokens.accessToken().get("acr"), "the app's own label for level 1");
        assertNull(tokens.accessToken().get("acrs"), "level 1 does not meet the realm's gold (2): " + tokens.accessToken());
        Map<String, Object> answer = evaluate(server, apps, tokens.accessTokenJwt(), strong);
        assertEquals(false, answer.get("satisfied"), answer.toString());
        assertEquals(List.of("acr", strong), answer.get("missing"));

        // a client admin's hardcoded acr and auth_time, on a client of the enforcing API's audience
        String hardcoded = admin.createSpaLikeClient("hardcoded-" + System.nanoTime(), Map.of());
        admin.addProtocolMapper(hardcoded, audience(apps.api()));
        admin.addProtocolMapper(hardcoded, audience(enforcing.api()));
        admin.addProtocolMapper(hardcoded, hardcodedClaim("acr", "gold", "String"));
        admin.addProtocolMapper(hardcoded, hardcodedClaim("auth_time", "4102444800", "long"));
        OidcClient hardcodedClient = new OidcClient(server, hardcoded, null, OidcClient.DEFAULT_REDIRECT_URI);
        Tokens planted = hardcodedClient.login(user, "pw-" + user, Map.of());
        assertEquals(200, planted.status(), String.valueOf(planted.json()));
        assertEquals("silver", planted.accessToken().get("acr"), "Keycloak's acr, not the hardcoded one");
        assertNotEquals(4102444800L, ((Number) planted.accessToken().getOrDefault("auth_time", 0)).longValue(), "nor its auth_time");
        Thread.sleep(3000); // older than the recent context's max_age, whatever the hardcoded auth_time says
        answer = evaluate(server, apps, planted.accessTokenJwt(), strong, recent);
        assertEquals(List.of("acr", strong, recent), answer.get("missing"), "the session's level and time count " + answer);

        // an enforce policy (of an API in the audience) judges the session's level on refresh, not the hardcoded acr
        enforcing.policy(admin, "\"mode\":\"enforce\",\"acr_values\":[\"gold\"]");
        Tokens refused = hardcodedClient.refresh(planted.refreshTokenJwt(), Map.of());
        assertEquals(400, refused.status(), String.valueOf(refused.json()));
        assertTrue(refused.errorDescription().startsWith("interaction_required: ") && refused.errorDescription().contains("acr [gold]"),
                refused.errorDescription());
    }

    /** Finding 3: acrs written by a mapper never survives, whether or not a context was requested. */
    @Test
    void anAcrsAMapperWritesIsRemovedFromEveryAccessToken(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        String user = user(admin, "c1");
        String app = register(server, admin, Map.of(), userProperty("acrs", "firstName"));

        Tokens tokens = appClient(server, app).login(user, "pw-" + user, Map.of());
        assertEquals(200, tokens.status(), String.valueOf(tokens.json()));
        assertNull(tokens.accessToken().get("acrs"), String.valueOf(tokens.accessToken()));
        Tokens refreshed = appClient(server, app).refresh(tokens.refreshTokenJwt(), Map.of());
        assertNull(refreshed.accessToken().get("acrs"), String.valueOf(refreshed.accessToken()));
    }

    /**
     * Finding 4: a context's required claim is computed by the API's own mapper (department from the
     * user's attribute), never by the requesting app's mapper fed by the user's own first name.
     */
    @Test
    void aContextsRequiredClaimIsTheApisValueNeverTheRequestingAppsMapper(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String treasury = treasuryContext(admin, apps);
        String user = user(admin, "treasury", apps.api());
        setDepartment(admin, user, "sales");
        String app = register(server, admin, Map.of(), userProperty("department", "firstName"));

        Tokens tokens = appClient(server, app).login(user, "pw-" + user, Map.of("claims", acrs(treasury)));
        assertEquals(200, tokens.status(), String.valueOf(tokens.json()));
        assertNull(tokens.accessToken().get("acrs"), String.valueOf(tokens.accessToken()));
        assertEquals("sales", tokens.accessToken().get("department"), "the API's value replaces what the app's mapper wrote");
        Map<String, Object> answer = evaluate(server, apps, tokens.accessTokenJwt(), treasury);
        assertEquals(List.of(treasury), answer.get("missing"), answer.toString());

        // without the claims request, too: the API's value is the one in the token its policy governs
        Tokens plain = appClient(server, app).login(user, "pw-" + user, Map.of());
        assertEquals("sales", plain.accessToken().get("department"));
        assertEquals(List.of(treasury), evaluate(server, apps, plain.accessTokenJwt(), treasury).get("missing"));
    }

    /**
     * Finding 9, settled as a contract (docs/protocol.md, "What evaluate judges"): evaluate judges the
     * claims the token carries, as an API validating it locally does; Keycloak's current records
     * decide whether it is active, whom it was issued to, and the session's authentication. A
     * changed attribute reaches the next token (refresh), not one already issued.
     */
    @Test
    void evaluateJudgesTheClaimsAsIssuedAndTheNextTokenCarriesTheChange(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller apps = ApiAndCaller.create(admin);
        String treasury = treasuryContext(admin, apps);
        String user = user(admin, "Tess");
        setDepartment(admin, user, "treasury");
        OidcClient web = apps.webClient(server);

        Tokens issued = web.login(user, "pw-" + user, Map.of("claims", acrs(treasury)));
        assertEquals(List.of(treasury), issued.accessToken().get("acrs"));
        setDepartment(admin, user, "sales");

        assertEquals(true, evaluate(server, apps, issued.accessTokenJwt(), treasury).get("satisfied"),
                "the token as issued, as the API itself would judge it");
        Tokens refreshed = web.refresh(issued.refreshTokenJwt(), Map.of());
        assertNull(refreshed.accessToken().get("department"), "sales is not a value the context accepts: not added");
        assertNull(refreshed.accessToken().get("acrs"));
        assertEquals(false, evaluate(server, apps, refreshed.accessTokenJwt(), treasury).get("satisfied"));
    }

    // --- set-up, as an app developer and a user would do it ---------------------------------------

    /**
     * Registers a public client through Keycloak's client registration API with an initial access
     * token, under the realm's default registration policies; returns its clientId.
     */
    static String register(KeycloakServer server, AdminApi admin, Map<String, String> attributes, Map<String, Object> mapper) {
        String iat = admin.realm().clientInitialAccess().create(new ClientInitialAccessCreatePresentation(600, 1)).getToken();
        String clientId = "registered-" + System.nanoTime();
        Map<String, String> all = new HashMap<>(attributes);
        all.put("pkce.code.challenge.method", "S256");
        Map<String, Object> client = Map.of("clientId", clientId, "publicClient", true, "standardFlowEnabled", true,
                "redirectUris", List.of(OidcClient.DEFAULT_REDIRECT_URI), "attributes", all, "protocolMappers", List.of(mapper));
        try {
            HttpResponse<String> response = Browser.HTTP.send(HttpRequest.newBuilder(URI.create(server.realmUrl() + "/clients-registrations/default"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + iat)
                    .POST(HttpRequest.BodyPublishers.ofString(JsonSerialization.writeValueAsString(client))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, response.statusCode(), "registration refused: " + response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return clientId;
    }

    /** A context requiring department treasury, listed by the API's advertise policy; returns its id. */
    static String treasuryContext(AdminApi admin, ApiAndCaller apps) {
        String treasury = context(admin, "{\"required_claims\":[{\"name\":\"department\",\"values\":[\"treasury\"]}]}");
        apps.policy(admin, "\"mode\":\"advertise\",\"contexts\":[\"" + treasury + "\"]");
        return treasury;
    }

    static OidcClient appClient(KeycloakServer server, String clientId) {
        return new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
    }

    /** A user-property mapper (allowed to registered clients by default) writing {@code claim} from a property, in every token. */
    static Map<String, Object> userProperty(String claim, String property) {
        return Map.of("name", claim, "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-property-mapper",
                "config", Map.of("user.attribute", property, "claim.name", claim, "jsonType.label", "String",
                        "access.token.claim", "true", "id.token.claim", "true", "introspection.token.claim", "true"));
    }

    static Map<String, Object> hardcodedClaim(String claim, String value, String type) {
        return Map.of("name", claim, "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", claim, "claim.value", value, "jsonType.label", type, "access.token.claim", "true",
                        "id.token.claim", "true", "introspection.token.claim", "true"));
    }

    static Map<String, Object> audience(String api) {
        return Map.of("name", api + " audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", api, "access.token.claim", "true", "introspection.token.claim", "true"));
    }

    /**
     * A user with {@code firstName}, holding a role of each of {@code apis}: a registered client (full
     * scope, the realm's default scopes) then gets those APIs into its tokens' audience.
     */
    static String user(AdminApi admin, String firstName, String... apis) {
        String name = "trust-" + System.nanoTime();
        String id = admin.createUser(name, "pw-" + name);
        UserRepresentation rep = admin.realm().users().get(id).toRepresentation();
        rep.setFirstName(firstName);
        admin.realm().users().get(id).update(rep);
        for (String api : apis) {
            String apiId = admin.client(api).toRepresentation().getId();
            admin.client(api).roles().create(new RoleRepresentation("caller", null, false));
            admin.realm().users().get(id).roles().clientLevel(apiId).add(List.of(admin.client(api).roles().get("caller").toRepresentation()));
        }
        return name;
    }

    static void removeRole(AdminApi admin, String username, String api) {
        String id = admin.realm().users().search(username, true).get(0).getId();
        String apiId = admin.client(api).toRepresentation().getId();
        admin.realm().users().get(id).roles().clientLevel(apiId).remove(List.of(admin.client(api).roles().get("caller").toRepresentation()));
    }

    static void setDepartment(AdminApi admin, String username, String department) {
        String id = admin.realm().users().search(username, true).get(0).getId();
        UserRepresentation rep = admin.realm().users().get(id).toRepresentation();
        rep.setAttributes(Map.of("department", List.of(department)));
        admin.realm().users().get(id).update(rep);
    }
}
