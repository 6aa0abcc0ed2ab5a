package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import org.keycloak.representations.AccessToken;

/**
 * {@code acr}: the level the session achieved, whatever was asked (a resource server compares it
 * itself), from Keycloak's session data, never from a mapper the client controls.
 */
final class SessionAcrSource implements ClaimSource {

    @Override
    public boolean owns(String name) {
        return ClaimsRequest.ACR.equals(name);
    }

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        return owns(claim.name()) ? SessionAuthentication.acr(context.clientSession()) : null;
    }

    @Override
    public boolean filteredByRequest() {
        return false;
    }

    @Override
    public void write(AccessToken token, String name, Object value) {
        token.setAcr((String) value);
    }
}
