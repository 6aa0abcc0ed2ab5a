package dev.claimschallenge.keycloak.authrequest;

import dev.claimschallenge.keycloak.OAuthRefusal;
import jakarta.ws.rs.core.Response;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointCheckProvider;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker.AuthorizationCheckException;

/**
 * Keycloak 26.6+'s hook for every authorization request, after parsing, before the request is
 * stored: hands it to {@link AuthorizationRequestClaims}; a refusal becomes an error redirect to
 * the client.
 */
public class ClaimsRequestCheckProvider implements AuthorizationEndpointCheckProvider {

    @Override
    public void check(AuthorizationEndpointChecker context) throws AuthorizationCheckException {
        try {
            new AuthorizationRequestClaims(context.getRealm(), context.getClient(), context.getEventBuilder())
                    .apply(context.getAuthorizationEndpointRequest(), context.getQueryParams());
        } catch (OAuthRefusal refusal) {
            throw new AuthorizationCheckException(Response.Status.BAD_REQUEST, refusal.error(), refusal.description());
        }
    }

    @Override
    public void close() {
    }
}
