package dev.claimschallenge.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claimschallenge.keycloak.it.support.AdminApi;
import dev.claimschallenge.keycloak.it.support.Browser;
import dev.claimschallenge.keycloak.it.support.KeycloakExtension;
import dev.claimschallenge.keycloak.it.support.KeycloakServer;
import dev.claimschallenge.keycloak.it.support.OidcClient;
import dev.claimschallenge.keycloak.it.support.RequestObjectSigner;
import dev.claimschallenge.keycloak.it.support.Tokens;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code claims.access_token} inside a signed request object (JAR), with a key the test registers. */
@ExtendWith(KeycloakExtension.class)
class RequestObjectIT {

    @Test
    void aSignedRequestObjectCarriesTheClaimsRequest(KeycloakServer server) {
        RequestObjectSigner signer = new RequestObjectSigner();
        String clientId = new AdminApi(server).createSpaLikeClient("jar-" + System.nanoTime(), signer.clientAttributes());
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);

        Tokens tokens = client.exchange(client.authorizeWithRequestObject(new Browser(),
                Map.of("claims", AccessTokenClaimsIT.TOS), signer).login("alice", "alice-password"));

        assertEquals(200, tokens.status(), () -> tokens.json().toString());
        assertEquals("2024-06", tokens.accessToken().get("tos_version"));
    }

    @Test
    void aMalformedClaimsMemberInTheRequestObjectIsAnInvalidRequest(KeycloakServer server) {
        RequestObjectSigner signer = new RequestObjectSigner();
        String clientId = new AdminApi(server).createSpaLikeClient("jar-" + System.nanoTime(), signer.clientAttributes());
        OidcClient client = new OidcClient(server, clientId, null, OidcClient.DEFAULT_REDIRECT_URI);

        Map<String, String> callback = client.authorizeWithRequestObject(new Browser(),
                Map.of("claims", "{\"access_token\":{\"email\":{\"essential\":\"yes\"}}}"), signer).callbackParameters();

        assertEquals("invalid_request", callback.get("error"), callback.toString());
    }
}
