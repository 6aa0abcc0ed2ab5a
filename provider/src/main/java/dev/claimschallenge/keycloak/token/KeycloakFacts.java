package dev.claimschallenge.keycloak.token;

import dev.claimschallenge.engine.Facts;
import dev.claimschallenge.keycloak.internal.SessionAuthentication;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;

/**
 * The engine's facts as Keycloak itself decided them, never as a client's mapper or its own
 * {@code acr.loa.map} wrote them (docs/security.md, "Trust"). The one place every judge inside
 * Keycloak (enforce, {@code acrs}, evaluate, the refresh grant) gets its facts from.
 */
public final class KeycloakFacts {

    private KeycloakFacts() {
    }

    /**
     * A token Keycloak issued, whose {@code acr} and {@code auth_time} are Keycloak's own
     * ({@link KeycloakDecidedClaims#restore} ran on it: at issue, or on introspection's rebuilt
     * token): the client it was issued to, the level its {@code acr} stands for in the map that
     * named it (the token client's ACR-to-LoA map, else the realm's: Keycloak's acr mapper names the
     * session's level through that map), and its {@code auth_time}. Judging the token as issued,
     * not the session as it is now, keeps a token issued before a step-up below it, as the token
     * itself says, and agrees with what the API holds.
     */
    public static Facts ofToken(Map<String, Object> claims, ClientModel client) {
        return Facts.ofToken(claims, client.getClientId(), SessionAuthentication.loaMap(client), Map.of(), Time.currentTime());
    }

    /**
     * A client session's authentication as it is now, no claims: for a refresh grant that asks
     * for more than the token it refreshes (the session's level, its last active authentication).
     */
    static Facts ofSession(AuthenticatedClientSessionModel clientSession, Map<String, Integer> loaMap) {
        return new Facts(Map.of(), clientSession.getClient().getClientId(), SessionAuthentication.effectiveLevel(clientSession),
                SessionAuthentication.authTime(clientSession.getUserSession()), loaMap, Time.currentTime());
    }
}
