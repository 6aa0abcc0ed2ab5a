package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.claims.ClaimNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain facts a requirement is judged against: a token's claims (as issued, or as introspection
 * rebuilt them) or a session's authentication, the ACR-to-LoA map that ranks acr values, and the
 * time. No Keycloak types: adapters in {@code internal/} and the callers gather these.
 *
 * @param claims       claims by name ({@code acr} and {@code auth_time} included when known)
 * @param loaMap       acr value to level of authentication: the requirement's client's map, else the realm's
 * @param sessionLevel the session's raw level of authentication, used when {@code acr} has no level
 *                     (a token's claims have none: {@code null})
 * @param now          seconds since the epoch
 */
public record Facts(Map<String, Object> claims, Map<String, Integer> loaMap, Integer sessionLevel, long now) {

    public Facts {
        claims = claims == null ? Map.of() : claims;
        loaMap = loaMap == null ? Map.of() : loaMap;
    }

    /** A token's claims. */
    public static Facts ofToken(Map<String, Object> claims, Map<String, Integer> loaMap, long now) {
        return new Facts(claims, loaMap, null, now);
    }

    /**
     * A session's authentication: the acr Keycloak reports for it, its raw level, and when the user
     * last authenticated actively ({@code null}: unknown).
     */
    public static Facts ofSession(String acr, Integer level, Long authTime, Map<String, Integer> loaMap, long now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (acr != null) {
            claims.put(ClaimNames.ACR, acr);
        }
        if (authTime != null) {
            claims.put(ClaimNames.AUTH_TIME, authTime);
        }
        return new Facts(claims, loaMap, level, now);
    }
}
