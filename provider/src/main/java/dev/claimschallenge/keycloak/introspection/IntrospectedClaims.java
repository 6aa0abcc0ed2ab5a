package dev.claimschallenge.keycloak.introspection;

import dev.claimschallenge.keycloak.config.ClaimsChallengeRealmConfig;
import dev.claimschallenge.keycloak.grant.GrantClaims;
import dev.claimschallenge.keycloak.internal.ClaimsAwareIntrospection;
import dev.claimschallenge.keycloak.internal.ClientSessionMappers;
import dev.claimschallenge.keycloak.internal.SessionAudience;
import dev.claimschallenge.keycloak.policy.ApplicablePolicies;
import dev.claimschallenge.keycloak.token.AccessTokenClaimsEnricher;
import dev.claimschallenge.keycloak.token.KeycloakDecidedClaims;
import dev.claimschallenge.keycloak.token.TokenContexts;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * The claims a token's grant requested through {@code claims.access_token}, added to Keycloak's
 * introspection answer: Keycloak's own introspection rebuilds the answer from introspection
 * mappers only, so without this they would be missing, and a lightweight access token could never
 * deliver them.
 */
public final class IntrospectedClaims implements ClaimsAwareIntrospection.RequestedClaims {

    public static final IntrospectedClaims INSTANCE = new IntrospectedClaims();

    private IntrospectedClaims() {
    }

    @Override
    public void addTo(AccessToken rebuilt, AccessToken token, UserSessionModel userSession, KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (!ClaimsChallengeRealmConfig.isEnabled(realm)) {
            return;
        }
        ClientModel client = realm.getClientByClientId(token.getIssuedFor());
        AuthenticatedClientSessionModel clientSession = client == null ? null
                : userSession.getAuthenticatedClientSessionByClient(client.getId());
        GrantClaims.forIntrospection(session, token, rebuilt).ifPresent(request -> {
            if (clientSession != null) {
                ClientSessionContext context = ClientSessionMappers.context(clientSession, token.getScope(), session);
                // a lightweight token has no aud of its own: its session's audience decides, as it did at issue
                new AccessTokenClaimsEnricher(session, ApplicablePolicies.forToken(realm, token, () -> SessionAudience.of(session, context)))
                        .enrich(rebuilt, context, request);
            }
        });
        if (clientSession != null) {
            // introspection re-ran the client's mappers: what only Keycloak decides, again (docs/security.md)
            KeycloakDecidedClaims.restore(rebuilt, clientSession);
        }
        if (client != null) {
            // the authentication contexts the token listed, as far as they still hold (docs/contexts.md)
            TokenContexts.relist(realm, token, rebuilt, client);
        }
    }
}
