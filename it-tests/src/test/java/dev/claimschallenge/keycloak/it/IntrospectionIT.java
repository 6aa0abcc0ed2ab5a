package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 7662 introspection by the API returns the requested claims, also for lightweight access tokens. */
@ExtendWith(KeycloakExtension.class)
class IntrospectionIT {

    static final String CLAIMS = "{\"access_token\":{\"tos_version\":null,\"acr\":null,\"auth_time\":null}}";

    @Test
    void introspectionReturnsTheSameRequestedClaimsAsTheToken(KeycloakServer server) {
        Tokens tokens = OidcClient.spa(server).login("alice", "alice-password", Map.of("claims", CLAIMS));
        Map<String, Object> token = tokens.accessToken();

        Tokens introspected = api(server).introspect(tokens.accessTokenJwt());

        assertEquals(Boolean.TRUE, introspected.json().get("active"), introspected.json().toString());
        assertEquals("2024-06", token.get("tos_version"));
        assertEquals(token.get("tos_version"), introspected.json().get("tos_version"));
        assertEquals(token.get("acr"), introspected.json().get("acr"));
        assertEquals(token.get("auth_time"), introspected.json().get("auth_time"));
    }

    @Test
    void aLightweightAccessTokenGetsItsClaimsThroughIntrospection(KeycloakServer server) {
        String clientId = new AdminApi(server).createSpaLikeClient("lightweight-" + System.nanoTime(),
                Map.of("client.use.lightweight.access.token.enabled", "true"));
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);
        Tokens tokens = client.login("alice", "alice-password", Map.of("claims", CLAIMS));
        assertFalse(tokens.accessToken().containsKey("preferred_username"), "lightweight: " + tokens.accessToken());

        Map<String, Object> introspected = api(server).introspect(tokens.accessTokenJwt()).json();

        assertEquals(Boolean.TRUE, introspected.get("active"), introspected.toString());
        assertEquals("2024-06", introspected.get("tos_version"));
        assertNotNull(introspected.get("acr"));
    }

    @Test
    void withoutAClaimsRequestIntrospectionIsKeycloaksOwn(KeycloakServer server) {
        Tokens tokens = OidcClient.spa(server).login("alice", "alice-password", Map.of());
        Map<String, Object> introspected = api(server).introspect(tokens.accessTokenJwt()).json();
        assertEquals(Boolean.TRUE, introspected.get("active"));
        assertFalse(introspected.containsKey("tos_version"), introspected.toString());
    }

    private static OidcClient api(KeycloakServer server) {
        return new OidcClient(server, "demo-api", "demo-api-secret", null);
    }
}
