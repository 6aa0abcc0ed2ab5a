package dev.claimschallenge.keycloak.introspection;

import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.grant.GrantClaims;
import dev.claimschallenge.keycloak.internal.SessionAudience;
import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.token.AccessTokenClaimsEnricher;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.util.DefaultClientSessionContext;

/**
 * Keycloak's access-token introspection (RFC 7662), plus the claims the token's grant requested
 * through {@code claims.access_token}: Keycloak's own introspection rebuilds the answer from
 * introspection mappers only, so without this they would be missing, and a lightweight access
 * token could never deliver them.
 */
public class ClaimsAwareAccessTokenIntrospectionProvider extends AccessTokenIntrospectionProvider<AccessToken> {

    public ClaimsAwareAccessTokenIntrospectionProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        AccessToken transformed = super.transformAccessToken(token, userSession);
        if (!ClaimsChallengeRealmConfig.isEnabled(realm)) {
            return transformed;
        }
        GrantClaims.forIntrospection(session, token, transformed).ifPresent(request -> {
            ClientModel client = realm.getClientByClientId(token.getIssuedFor());
            AuthenticatedClientSessionModel clientSession = client == null ? null
                    : userSession.getAuthenticatedClientSessionByClient(client.getId());
            if (clientSession != null) {
                ClientSessionContext context = DefaultClientSessionContext.fromClientSessionAndScopeParameter(clientSession,
                        token.getScope(), session);
                // a lightweight token has no aud of its own: its session's audience decides, as it did at issue
                new AccessTokenClaimsEnricher(session, ApplicablePolicies.forToken(realm, token, SessionAudience.of(session, context)))
                        .enrich(transformed, context, request);
            }
        });
        return transformed;
    }
}
