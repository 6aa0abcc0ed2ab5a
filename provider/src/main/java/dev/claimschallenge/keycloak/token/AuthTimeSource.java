package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;

/** {@code auth_time}: when the user last authenticated in this session, from Keycloak's session data. */
final class AuthTimeSource implements ClaimSource {

    static final String AUTH_TIME = ClaimNames.AUTH_TIME;

    @Override
    public boolean owns(String name) {
        return AUTH_TIME.equals(name);
    }

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        return owns(claim.name()) ? SessionAuthentication.authTime(context.clientSession().getUserSession()) : null;
    }
}
