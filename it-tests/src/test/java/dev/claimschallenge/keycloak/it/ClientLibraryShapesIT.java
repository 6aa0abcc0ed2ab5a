package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.ApiAndCaller;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/**
 * What real client libraries (MSAL, openid-client, the MSAL.js samples) need from the wire, checked
 * without them: client capabilities as MSAL sends them, a refresh refusal MSAL reads as
 * {@code InteractionRequiredAuthError}, and challenge headers that naive parsers and Node survive.
 */
@ExtendWith(KeycloakExtension.class)
class ClientLibraryShapesIT {

    /** What MSAL sends for {@code clientCapabilities: ["CP1"]}: the value as the app configured it. */
    static final String MSAL_CP1 = "{\"access_token\":{\"xms_cc\":{\"values\":[\"CP1\"]}}}";
    static final String INTERACTION_REQUIRED = "interaction_required: ";

    @Test
    void clientCapabilitiesMatchCaseInsensitivelyAndTheTokenCarriesTheConfiguredValue(KeycloakServer server) {
        Tokens tokens = OidcClient.spa(server).login("alice", "alice-password", Map.of("claims", MSAL_CP1));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals(List.of("cp1"), tokens.accessToken().get("xms_cc"));
        assertEquals(true, ResourceServerIT.evaluate(server, tokens.accessTokenJwt()).get("client_capable"));
    }

    @Test
    void clientCapabilitiesOnTheRefreshGrantToo(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens first = spa.login("alice", "alice-password", Map.of());
        assertEquals(false, ResourceServerIT.evaluate(server, first.accessTokenJwt()).get("client_capable"));

        Tokens refreshed = spa.refresh(first.refreshTokenJwt(), Map.of("claims", MSAL_CP1));

        assertEquals(200, refreshed.status(), () -> refreshed.json().toString());
        assertEquals(List.of("cp1"), refreshed.accessToken().get("xms_cc"));
        assertEquals(true, ResourceServerIT.evaluate(server, refreshed.accessTokenJwt()).get("client_capable"));
    }

    @Test
    void aRefreshThatNeedsAStrongerLoginIsAnInvalidGrantMsalReadsAsInteractionRequired(KeycloakServer server) {
        OidcClient spa = OidcClient.spa(server);
        Tokens silver = spa.login("alice", "alice-password", Map.of());

        Tokens refused = spa.refresh(silver.refreshTokenJwt(),
                Map.of("claims", "{\"access_token\":{\"acr\":{\"essential\":true,\"values\":[\"gold\"]}}}"));

        assertEquals(400, refused.status());
        assertEquals("invalid_grant", refused.error(), "RFC 6749 section 5.2, for generic clients");
        assertTrue(refused.errorDescription().startsWith(INTERACTION_REQUIRED), refused.errorDescription());
    }

    @Test
    void aPolicyStepUpOnRefreshIsTheSameInteractionRequiredShape(KeycloakServer server) {
        AdminApi admin = new AdminApi(server);
        ApiAndCaller orders = ApiAndCaller.create(admin);
        orders.policy(admin, "\"mode\":\"enforce\",\"required_claims\":[{\"name\":\"department\"}]");
        OidcClient web = orders.webClient(server);
        Tokens tokens = web.login("alice", "alice-password", Map.of());
        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        // the API now wants gold, which alice's password-only session has not reached
        Map<?, ?> stored = Arrays.stream(admin.get(PolicyAdminApiIT.POLICIES, Map[].class))
                .filter(p -> orders.api().equals(p.get("client_id"))).findFirst().orElseThrow();
        HttpResponse<String> stricter = admin.send("PUT", PolicyAdminApiIT.POLICIES + "/" + stored.get("id"), """
                {"client_id":"%s","mode":"enforce","required_claims":[{"name":"department"}],"acr_values":["gold"]}"""
                .formatted(orders.api()));
        assertEquals(200, stricter.statusCode(), stricter.body());

        Tokens refused = web.refresh(tokens.refreshTokenJwt(), Map.of());

        assertEquals(400, refused.status(), () -> refused.json().toString());
        assertEquals("invalid_grant", refused.error());
        assertTrue(refused.errorDescription().startsWith(INTERACTION_REQUIRED), refused.errorDescription());
        assertTrue(refused.errorDescription().contains("gold"), refused.errorDescription());
    }

    @Test
    void noChallengeValueButClaimsContainsACommaForTheParsersThatSplitOnCommas(KeycloakServer server) throws Exception {
        // bob lacks two of demo-api's required claims and its acr gold: the description names all three
        String bobToken = OidcClient.spa(server).login("bob", "bob-password", Map.of()).accessTokenJwt();

        String header = (String) ResourceServerIT.evaluate(server, bobToken).get("www_authenticate");

        assertEquals("The access token lacks required claims: email_verified tos_version and a stronger authentication (acr gold)",
                BearerTokenError.parse(header).getDescription());
        // what Microsoft's MSAL.js samples do: split on commas, then each parameter on '='
        for (String part : header.substring(header.indexOf(' ') + 1).split(",")) {
            String[] keyValue = part.split("=");
            assertTrue(List.of("realm", "authorization_uri", "error", "error_description", "claims").contains(keyValue[0].trim()),
                    "a comma inside a value: " + part + " in " + header);
        }
    }

    @Test
    void aRealmNamedOutsideLatin1StillGivesAPrintableAsciiChallenge(KeycloakServer server) throws Exception {
        AdminApi admin = new AdminApi(server);
        String realm = "заявки-✓-" + System.nanoTime();
        admin.keycloak().realms().create(JsonSerialization.mapper.convertValue(Map.of("realm", realm, "enabled", true,
                "clients", List.of(Map.of("clientId", "rs", "publicClient", false, "secret", "rs-secret", "standardFlowEnabled", false))),
                RealmRepresentation.class));
        String path = "/realms/" + URLEncoder.encode(realm, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            HttpResponse<String> response = new Browser().send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + path + "/claims-challenge/policy"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("rs:rs-secret".getBytes(StandardCharsets.UTF_8)))
                    .GET());

            assertEquals(200, response.statusCode(), response.body());
            String header = (String) AdminApi.read(response.body(), Map.class).get("www_authenticate");
            assertTrue(header.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "printable ASCII, as Node's setHeader needs: " + header);
            BearerTokenError parsed = BearerTokenError.parse(header);
            assertEquals(realm, URLDecoder.decode(parsed.getRealm(), StandardCharsets.UTF_8));
            String authorizationUri = ResourceServerIT.param(header, "authorization_uri");
            assertEquals("/realms/" + realm + "/protocol/openid-connect/auth", URI.create(authorizationUri).getPath());
            assertFalse(authorizationUri.contains(","), authorizationUri);
        } finally {
            admin.keycloak().realm(realm).remove();
        }
    }
}
