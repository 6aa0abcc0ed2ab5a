package dev.claimschallenge.keycloak.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;

/**
 * Fails when a Keycloak upgrade moves an internal this extension relies on. If it fails, read
 * the Keycloak release's changes to the named class before anything else.
 */
class KeycloakInternalsTest {

    @Test
    void authorizationRequestClaimsCanBeReplaced() throws Exception {
        AuthorizationEndpointRequest request = newRequest();

        KeycloakInternals.setClaims(request, "{\"id_token\":{\"acr\":null}}");

        assertEquals("{\"id_token\":{\"acr\":null}}", request.getClaims(),
                "AuthorizationEndpointRequest.claims is no longer the field behind getClaims()");
    }

    @Test
    void authorizationRequestMaxAgeCanBeReplaced() throws Exception {
        AuthorizationEndpointRequest request = newRequest();

        KeycloakInternals.setMaxAge(request, 300);

        assertEquals(300, request.getMaxAge(), "AuthorizationEndpointRequest.maxAge is no longer the field behind getMaxAge()");
    }

    private static AuthorizationEndpointRequest newRequest() throws Exception {
        var constructor = AuthorizationEndpointRequest.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }
}
