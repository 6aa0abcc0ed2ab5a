package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.ClaimsRequestException;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import java.util.Map;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.AccessToken;

/**
 * The claims request behind each access token issued with one, by token id, for as long as the
 * token lives: token introspection recomputes the same claims from it (a lightweight access
 * token carries none itself). Kept in Keycloak's single-use-object store, which the cluster
 * shares and which expires entries by itself.
 */
public final class IssuedTokenClaims {

    private static final String KEY_PREFIX = "claims-challenge.at.";
    private static final String REQUEST = "request";

    private IssuedTokenClaims() {
    }

    static void remember(KeycloakSession session, AccessToken token, ClaimsRequest request) {
        if (token.getId() == null || token.getExp() == null) {
            return;
        }
        long lifespan = token.getExp() - Time.currentTime();
        if (lifespan > 0) {
            session.singleUseObjects().put(KEY_PREFIX + token.getId(), lifespan,
                    Map.of(REQUEST, ClaimsRequestParser.write(request.accessTokenOnly())));
        }
    }

    public static Optional<ClaimsRequest> find(KeycloakSession session, String tokenId) {
        if (tokenId == null) {
            return Optional.empty();
        }
        Map<String, String> stored = session.singleUseObjects().get(KEY_PREFIX + tokenId);
        if (stored == null || stored.get(REQUEST) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClaimsRequestParser.parse(stored.get(REQUEST)));
        } catch (ClaimsRequestException e) {
            return Optional.empty(); // written by remember() only
        }
    }
}
