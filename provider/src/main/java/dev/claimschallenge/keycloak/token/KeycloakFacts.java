package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import dev.claimschallenge.keycloak.policy.Facts;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;

/**
 * The engine's facts about a token as Keycloak itself decided them: the claims it carries (after
 * {@link KeycloakDecidedClaims#restore}), the client it was issued to, the level of authentication
 * of that client's session and the user session's last active authentication. Never the token's
 * {@code acr}, {@code auth_time}, {@code azp} or {@code client_id}: a client's own mappers and its
 * own {@code acr.loa.map} write those (docs/security.md, "Trust"). The one place every judge
 * inside Keycloak (enforce, {@code acrs}, evaluate, the refresh grant) gets its facts from.
 */
public final class KeycloakFacts {

    private KeycloakFacts() {
    }

    /**
     * @param client        the client the token is (was) issued to
     * @param clientSession that client's session, or {@code null} when it has none (level unknown)
     * @param loaMap        what acceptable acr values rank by
     */
    public static Facts of(Map<String, Object> claims, ClientModel client, AuthenticatedClientSessionModel clientSession,
            UserSessionModel userSession, Map<String, Integer> loaMap) {
        Integer level = clientSession == null ? null : SessionAuthentication.effectiveLevel(clientSession);
        Long authTime = userSession == null ? null : SessionAuthentication.authTime(userSession);
        return new Facts(claims, client.getClientId(), level, authTime, loaMap, Time.currentTime());
    }

    /** A client session's authentication, no claims: for a step-up decision on the refresh grant. */
    static Facts ofSession(AuthenticatedClientSessionModel clientSession, Map<String, Integer> loaMap) {
        return of(Map.of(), clientSession.getClient(), clientSession, clientSession.getUserSession(), loaMap);
    }
}
