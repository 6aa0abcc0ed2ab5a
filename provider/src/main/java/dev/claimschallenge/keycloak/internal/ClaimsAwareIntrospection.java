package dev.claimschallenge.keycloak.internal;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's access-token introspection (RFC 7662), subclassed: Keycloak's own provider class is
 * not a public SPI, but replacing it (same provider id, higher order) is the only way to add to
 * every introspection answer. The subclass overrides one public method, {@code transformAccessToken},
 * and hands Keycloak's rebuilt answer to {@link RequestedClaims}; {@code KeycloakInternalsTest}
 * checks that method is still there.
 */
public class ClaimsAwareIntrospection extends AccessTokenIntrospectionProvider<AccessToken> {

    /** Adds what a token's grant requested to Keycloak's rebuilt introspection answer. */
    @FunctionalInterface
    public interface RequestedClaims {
        /**
         * @param rebuilt what Keycloak's introspection mappers made of {@code token}, changed in place
         * @param token   the token as issued
         */
        void addTo(AccessToken rebuilt, AccessToken token, UserSessionModel userSession, KeycloakSession session);
    }

    private final RequestedClaims requestedClaims;

    public ClaimsAwareIntrospection(KeycloakSession session, RequestedClaims requestedClaims) {
        super(session);
        this.requestedClaims = requestedClaims;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        AccessToken rebuilt = super.transformAccessToken(token, userSession);
        requestedClaims.addTo(rebuilt, token, userSession, session);
        return rebuilt;
    }
}
