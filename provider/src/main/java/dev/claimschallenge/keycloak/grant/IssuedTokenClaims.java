package dev.claimschallenge.keycloak.grant;

import dev.claimschallenge.engine.ClaimNames;
import dev.claimschallenge.engine.ClaimsRequest;
import dev.claimschallenge.engine.RequestedClaim;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.claims.ReservedClaims;
import dev.claimschallenge.keycloak.internal.LightweightTokens;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * Which claims the extension granted to an access token, for token introspection: Keycloak's own
 * introspection rebuilds every answer from its introspection mappers only, so claims added for a
 * claims request would be missing from it.
 *
 * <ul>
 * <li>A regular access token carries them: introspection reads their names from the token itself
 * (the values are recomputed, as Keycloak recomputes its own), and nothing is stored.</li>
 * <li>A lightweight access token may not carry them: the names of the requested claims it got
 * (and, for {@code xms_cc}, the capabilities granted) are kept in Keycloak's single-use-object
 * store, which the cluster shares and which expires entries with the token. Never the client's
 * request itself: the entry holds only what Keycloak granted.</li>
 * </ul>
 */
final class IssuedTokenClaims {

    private static final Logger LOG = Logger.getLogger(IssuedTokenClaims.class);
    private static final String KEY_PREFIX = "claims-challenge.at.";
    private static final String GRANTED = "granted";

    private IssuedTokenClaims() {
    }

    /**
     * After the extension enriched {@code token} for {@code requested}: keeps, for introspection,
     * the names of the requested claims the token got or that a policy of its audience makes
     * requestable, when the token is lightweight; does nothing for a regular token.
     *
     * <p>The policy names count too because Keycloak runs an API's own access-token mappers for a
     * lightweight token only at introspection: such a claim is granted there, not in the token.
     * Both sets are Keycloak's (what it computed, what an admin listed), never only the client's.
     */
    static void remember(KeycloakSession session, AccessToken token, ClaimsRequest requested,
            Supplier<? extends Collection<String>> requestableNames) {
        if (token.getId() == null || token.getExp() == null) {
            return;
        }
        if (!LightweightTokens.isLightweight(session, token)) {
            LOG.debugf("Access token %s carries its granted claims itself: nothing kept for introspection", token.getId());
            return;
        }
        Map<String, Object> claims = asMap(token);
        requestableNames.get().forEach(name -> claims.putIfAbsent(name, null));
        claims.keySet().retainAll(requested.accessToken().keySet());
        long lifespan = token.getExp() - Time.currentTime();
        if (claims.isEmpty() || lifespan <= 0) {
            return;
        }
        String granted = ClaimsRequestParser.write(granted(claims));
        session.singleUseObjects().put(KEY_PREFIX + token.getId(), lifespan, Map.of(GRANTED, granted));
        LOG.debugf("Kept the claims granted to lightweight access token %s for introspection: %s", token.getId(), claims.keySet());
    }

    /**
     * The claims to recompute when introspecting {@code token}: those kept for it when it was
     * issued lightweight, else those it carries that Keycloak's introspection answer
     * ({@code introspected}) lacks.
     */
    static Optional<ClaimsRequest> find(KeycloakSession session, AccessToken token, AccessToken introspected) {
        Map<String, String> stored = token.getId() == null ? null : session.singleUseObjects().get(KEY_PREFIX + token.getId());
        if (stored != null && stored.get(GRANTED) != null) {
            try {
                return Optional.of(ClaimsRequestParser.parse(stored.get(GRANTED)));
            } catch (ClaimsRequestException e) {
                return Optional.empty(); // written by remember() only
            }
        }
        Map<String, Object> carried = asMap(token);
        carried.keySet().removeAll(asMap(introspected).keySet());
        carried.keySet().removeIf(ReservedClaims::isReserved);
        return carried.isEmpty() ? Optional.empty() : Optional.of(granted(carried));
    }

    /**
     * A request for exactly these claims: any value, since Keycloak recomputes them, except
     * {@code xms_cc}, whose value is picked from the request (the capabilities granted).
     */
    private static ClaimsRequest granted(Map<String, Object> claims) {
        Map<String, RequestedClaim> request = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            List<Object> values = ClaimNames.CLIENT_CAPABILITIES.equals(name) && value instanceof Collection<?> many
                    ? List.copyOf(many) : List.of();
            request.put(name, new RequestedClaim(name, false, values));
        });
        return ClaimsRequest.ofAccessTokenClaims(request);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(AccessToken token) {
        return new LinkedHashMap<>(JsonSerialization.mapper.convertValue(token, Map.class));
    }
}
