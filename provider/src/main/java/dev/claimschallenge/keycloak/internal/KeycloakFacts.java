package dev.claimschallenge.keycloak.internal;

import dev.claimschallenge.engine.Facts;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * The engine's facts as Keycloak itself decided them, never as a client's mapper or its own
 * {@code acr.loa.map} wrote them (docs/security.md, "Trust"). The one place every judge inside
 * Keycloak (enforce, {@code acrs}, evaluate, the refresh grant) gets its facts from, and the one
 * place a token becomes the claims map the engine reads (once per token: the conversion costs
 * more than the judging).
 */
public final class KeycloakFacts {

    private KeycloakFacts() {
    }

    /**
     * A token Keycloak issued, whose {@code acr} and {@code auth_time} are Keycloak's own
     * ({@code token/KeycloakDecidedClaims.restore} ran on it: at issue, or on introspection's rebuilt
     * token): the client it was issued to, the level its {@code acr} stands for in the map that
     * named it (the token client's ACR-to-LoA map, else the realm's: Keycloak's acr mapper names the
     * session's level through that map), and its {@code auth_time}. Judging the token as issued,
     * not the session as it is now, keeps a token issued before a step-up below it, as the token
     * itself says, and agrees with what the API holds.
     */
    public static Facts ofToken(Map<String, Object> claims, ClientModel client) {
        return Facts.ofToken(claims, client.getClientId(), SessionAuthentication.loaMap(client), Map.of(), Time.currentTime());
    }

    /** {@link #ofToken(Map, ClientModel)} for a token object, read as its signed JSON. */
    public static Facts ofToken(AccessToken token, ClientModel client) {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = JsonSerialization.mapper.convertValue(token, Map.class);
        return ofToken(claims, client);
    }

    /**
     * {@code facts} with a policy's acr values ranked as its API client ranks them: through that
     * client's ACR-to-LoA map, else the realm's (a client that no longer exists: the realm's).
     */
    public static Facts rankedForPolicyOf(Facts facts, RealmModel realm, String apiClientId) {
        ClientModel apiClient = realm.getClientByClientId(apiClientId);
        return facts.rankedBy(apiClient != null ? SessionAuthentication.loaMap(apiClient) : SessionAuthentication.loaMap(realm));
    }

    /** {@code facts} with acr values ranked through the realm's map: contexts are realm-wide. */
    public static Facts rankedForContexts(Facts facts, RealmModel realm) {
        return facts.rankedBy(SessionAuthentication.loaMap(realm));
    }

    /**
     * A client session's authentication as it is now, no claims: for a refresh grant that asks
     * for more than the token it refreshes (the session's level, its last active authentication).
     */
    public static Facts ofSession(AuthenticatedClientSessionModel clientSession, Map<String, Integer> loaMap) {
        return new Facts(Map.of(), clientSession.getClient().getClientId(), SessionAuthentication.effectiveLevel(clientSession),
                SessionAuthentication.authTime(clientSession.getUserSession()), loaMap, Time.currentTime());
    }
}
