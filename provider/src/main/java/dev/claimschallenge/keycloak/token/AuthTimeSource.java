package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.RequestedClaim;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/** {@code auth_time}: when the user last authenticated in this session, from Keycloak's session data. */
final class AuthTimeSource implements ClaimSource {

    static final String AUTH_TIME = "auth_time";

    @Override
    public boolean owns(String name) {
        return AUTH_TIME.equals(name);
    }

    @Override
    public Object value(RequestedClaim claim, ClaimSourceContext context) {
        return owns(claim.name()) ? of(context.clientSession().getUserSession()) : null;
    }

    static Long of(UserSessionModel userSession) {
        String note = userSession.getNote(AuthenticationManager.AUTH_TIME);
        return note != null ? Long.valueOf(note) : (long) userSession.getStarted();
    }
}
