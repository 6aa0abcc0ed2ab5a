package dev.claimschallenge.keycloak.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;
import org.keycloak.util.TokenUtil;

/**
 * The token an evaluate call asks about, checked exactly as Keycloak's token introspection checks
 * it (signature, expiry, not-before and revocation, client, user session, user, and the caller in
 * its audience), without building an introspection response.
 *
 * <p>A regular access token is judged by the claims it carries: those are what the resource
 * server holds, and re-running the introspection mappers for it (most of what introspection
 * costs) would only recompute them. A lightweight access token carries almost none, so it is
 * rebuilt the way introspection rebuilds it, requested claims included.
 *
 * <p>Unlike introspection, only access tokens are judged ({@code typ} Bearer or DPoP, compared as
 * Keycloak's own bearer-token check compares it): an ID or refresh token is not a credential an
 * RS may accept, however valid. A token that fails any check is inactive; an unexpected failure
 * after the signature check (the token is then Keycloak's own) is an {@link EvaluationFailure}.
 *
 * <p>Fenced here because it drives Keycloak's introspection provider from the inside: it calls its
 * protected {@code introspectionChecks} and {@code verifyToken}, sets its protected
 * {@code eventBuilder} and reads its protected {@code token}, {@code userSession}, {@code realm};
 * {@code KeycloakInternalsTest} checks each of them.
 */
public class IntrospectionChecks extends ClaimsAwareIntrospection {

    private static final Logger LOG = Logger.getLogger(IntrospectionChecks.class);

    /** The token as judged: set when the checks rebuild it (26.6+) or after them (26.5). */
    private AccessToken judged;

    /** @param requestedClaims adds what the grant requested when a lightweight token is rebuilt */
    public IntrospectionChecks(KeycloakSession session, RequestedClaims requestedClaims) {
        super(session, requestedClaims);
    }

    /** The token types an RS may accept, as Keycloak's bearer-token check (e.g. its userinfo endpoint) accepts them. */
    private static final TokenVerifier.TokenTypeCheck ACCESS_TOKEN_TYPES = new TokenVerifier.TokenTypeCheck(
            List.of(TokenUtil.TOKEN_TYPE_BEARER, TokenUtil.TOKEN_TYPE_DPOP));

    /**
     * An active token, with the client Keycloak's checks found it was issued to.
     *
     * @param claims the token's claims as judged
     * @param client the client it was issued to (its {@code azp}, which the checks found enabled)
     */
    public record Verified(Map<String, Object> claims, ClientModel client) {
    }

    /**
     * The token when it is active for the caller, else empty (the reason is in the event).
     *
     * @throws EvaluationFailure when a check fails unexpectedly: logged at WARN and the event finished with an error
     */
    @SuppressWarnings("unchecked")
    public Optional<Verified> verify(String encoded, EventBuilder event) {
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
            return Optional.of(new Verified(claims, client));
        } catch (RuntimeException e) {
            // Not the token's fault: a token that cannot be read fails in verifyToken, and everything
            // after it is Keycloak's own signed content. Answering "inactive" would send the user to
            // log in again, in a loop, while the operator never learns of it.
            String tokenClient = token != null ? token.getIssuedFor() : "unknown";
            LOG.warnf(e, "Evaluating a token of client %s for resource server %s in realm %s failed: %s", tokenClient,
                    session.getContext().getClient().getClientId(), realm.getName(), e.toString());
            event.detail(Details.REASON, e.toString()).error(Errors.TOKEN_INTROSPECTION_FAILED);
            throw new EvaluationFailure(e);
        }
    }

    /** Keycloak's signature and JWT checks, then the token type; a token Keycloak cannot even read is inactive. */
    @Override
    protected boolean verifyToken(String encoded) {
        boolean verified;
        try {
            verified = super.verifyToken(encoded);
        } catch (RuntimeException e) {
            // the sender controls everything checked here (e.g. alg "none", for which Keycloak has no
            // signature provider): that is an invalid token, not a server failure
            LOG.debugf("Evaluate: a token Keycloak cannot read in realm %s: %s", realm.getName(), e);
            eventBuilder.detail(Details.REASON, "Access token JWT check failed").error(Errors.INVALID_TOKEN);
            return false;
        }
        if (verified && !isAccessToken(token)) {
            eventBuilder.detail(Details.REASON, "Not an access token (typ " + token.getType() + ")").error(Errors.INVALID_TOKEN);
            return false;
        }
        return verified;
    }

    static boolean isAccessToken(AccessToken token) {
        try {
            return ACCESS_TOKEN_TYPES.test(token);
        } catch (VerificationException e) {
            return false;
        }
    }

    /** A check failed for a reason other than the token: the RS gets a server error, not "inactive". */
    public static final class EvaluationFailure extends RuntimeException {
        EvaluationFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, UserSessionModel userSession) {
        judged = LightweightTokens.isLightweight(session, token) ? super.transformAccessToken(token, userSession) : token;
        return judged;
    }

    private boolean callerInAudience() {
        String caller = session.getContext().getClient().getClientId();
        String[] audience = token.getAudience() != null ? token.getAudience() : judged.getAudience();
        return audience != null && Arrays.asList(audience).contains(caller);
    }
}
