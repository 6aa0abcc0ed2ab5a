package dev.claimschallenge.keycloak.rs;

import dev.claimschallenge.keycloak.introspection.ClaimsAwareAccessTokenIntrospectionProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * The token an evaluate call asks about, checked exactly as Keycloak's token introspection checks
 * it (signature, expiry, not-before and revocation, client, user session, user, and the caller in
 * its audience), without building an introspection response.
 *
 * <p>A regular access token is judged by the claims it carries: those are what the resource
 * server holds, and re-running the introspection mappers for it (most of what introspection
 * costs) would only recompute them. A lightweight access token carries almost none, so it is
 * rebuilt the way introspection rebuilds it, requested claims included.
 */
final class EvaluatedAccessToken extends ClaimsAwareAccessTokenIntrospectionProvider {

    private static final Logger LOG = Logger.getLogger(EvaluatedAccessToken.class);

    /** The token as judged: set when the checks rebuild it (26.6+) or after them (26.5). */
    private AccessToken judged;

    EvaluatedAccessToken(KeycloakSession session) {
        super(session);
    }

    /** The token's claims when it is active for the caller, else empty (the reason is in the event). */
    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> verify(String encoded, EventBuilder event) {
        this.eventBuilder = event;
        try {
            if (!introspectionChecks(encoded)) {
                return Optional.empty();
            }
            if (judged == null) {
                // Keycloak 26.5: its checks neither rebuild the token nor require the caller in its audience
                transformAccessToken(token, userSession);
                if (!callerInAudience()) {
                    event.detail(Details.REASON, "Client '" + session.getContext().getClient().getClientId()
                            + "' is not in the token audience").error(Errors.INVALID_TOKEN);
                    return Optional.empty();
                }
            }
            Map<String, Object> claims = JsonSerialization.mapper.convertValue(judged, Map.class);
            event.success();
            return Optional.of(claims);
        } catch (RuntimeException e) {
            // introspection answers "active": false for anything it cannot check; so do we
            LOG.debugf(e, "Token check failed for an evaluate call in realm %s", realm.getName());
            return Optional.empty();
        }
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        judged = isLightweight(token) ? super.transformAccessToken(token, userSession) : token;
        return judged;
    }

    private boolean callerInAudience() {
        String caller = session.getContext().getClient().getClientId();
        String[] audience = token.getAudience() != null ? token.getAudience() : judged.getAudience();
        return audience != null && Arrays.asList(audience).contains(caller);
    }

    private boolean isLightweight(AccessToken token) {
        if (token.getId() == null) {
            return true;
        }
        try {
            return session.getProvider(TokenContextEncoderProvider.class).getTokenContextFromTokenId(token.getId())
                    .getTokenType() != AccessTokenContext.TokenType.REGULAR;
        } catch (IllegalArgumentException e) {
            return true; // a token id Keycloak cannot read: rebuild it, as introspection would
        }
    }
}
