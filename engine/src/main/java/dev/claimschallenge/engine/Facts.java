package dev.claimschallenge.engine;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Plain facts a requirement is judged against. The claims are a token's (as issued, or as
 * introspection rebuilt them); the authentication and the client are kept apart from them,
 * because a token's {@code acr}, {@code auth_time}, {@code azp} and {@code client_id} are values a
 * client's own protocol mapper or its own {@code acr.loa.map} can write (docs/security.md, "Trust").
 * Inside Keycloak they come from Keycloak's own records (the provider's {@code KeycloakFacts}); a party that
 * sees only the token reads them from it ({@link #ofToken}). No Keycloak types.
 *
 * @param claims   claims by name, for required claims
 * @param client   the client the token was issued to, for {@code azp}/{@code client_id} requirements
 * @param level    the level of authentication reached, or {@code null} when unknown (acr not met)
 * @param authTime when the user last authenticated actively (seconds), or {@code null} when unknown
 * @param loaMap   acr value to level: ranks a requirement's acceptable acr values
 * @param now      seconds since the epoch
 */
public record Facts(Map<String, Object> claims, String client, Integer level, Long authTime, Map<String, Integer> loaMap,
        long now) {

    public Facts {
        claims = claims == null ? Map.of() : claims;
        loaMap = loaMap == null ? Map.of() : loaMap;
    }

    /**
     * What a party that holds only the token can know: the client from {@code azp}, the level from
     * the token's {@code acr} ranked through {@code loaMap}, the time from {@code auth_time}.
     */
    public static Facts ofToken(Map<String, Object> claims, Map<String, Integer> loaMap, long now) {
        Object azp = claims.get(ApprovedClients.AZP);
        return ofToken(claims, azp == null ? null : azp.toString(), loaMap, loaMap, now);
    }

    /**
     * A token's facts with its client known apart from it, its {@code acr} read back as a level
     * through {@code namingMap} (the map that named it) and requirements ranked through
     * {@code loaMap}; the time from {@code auth_time}.
     */
    public static Facts ofToken(Map<String, Object> claims, String client, Map<String, Integer> namingMap, Map<String, Integer> loaMap,
            long now) {
        Object acr = claims.get(ClaimNames.ACR);
        OptionalInt level = acr == null ? OptionalInt.empty() : PolicyEngine.level(acr.toString(), namingMap == null ? Map.of() : namingMap);
        Long authTime = claims.get(ClaimNames.AUTH_TIME) instanceof Number seconds ? seconds.longValue() : null;
        return new Facts(claims, client, level.isPresent() ? level.getAsInt() : null, authTime, loaMap, now);
    }

    /** A session's authentication alone (no claims, no client): for a step-up decision. */
    public static Facts ofSession(Integer level, Long authTime, Map<String, Integer> loaMap, long now) {
        return new Facts(Map.of(), null, level, authTime, loaMap, now);
    }

    /** The same facts about other claims (e.g. the finished token's). */
    public Facts withClaims(Map<String, Object> otherClaims) {
        return new Facts(otherClaims, client, level, authTime, loaMap, now);
    }

    /** The same facts with acr values ranked through another map (a policy client's own, or the realm's). */
    public Facts rankedBy(Map<String, Integer> otherLoaMap) {
        return new Facts(claims, client, level, authTime, otherLoaMap, now);
    }
}
