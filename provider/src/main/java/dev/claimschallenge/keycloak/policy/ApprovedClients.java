package dev.claimschallenge.keycloak.policy;

import java.util.Map;
import java.util.Set;

/**
 * A required claim that names the client a token was issued to ({@code azp}; RFC 9068 calls it
 * {@code client_id}) with {@code values} limits an API to approved clients. Both names are
 * reserved: Keycloak sets {@code azp} from the client session in every token, so a requirement
 * can only check it, never request or add it (a claims request for either is ignored as for every
 * reserved claim). A token carries {@code client_id} only where a mapper adds it, so the check
 * reads it from {@code azp}, Keycloak's own value, when the token lacks it.
 */
public final class ApprovedClients {

    public static final String AZP = "azp";
    public static final String CLIENT_ID = "client_id";
    /** The answer to a token of a client the API does not approve (evaluate's error_description). */
    public static final String NOT_APPROVED = "this client is not approved for the API";

    private static final Set<String> NAMES = Set.of(AZP, CLIENT_ID);

    private ApprovedClients() {
    }

    /** Whether {@code claim} names the token's client. */
    public static boolean names(String claim) {
        return claim != null && NAMES.contains(claim); // Set.of refuses to look up null
    }

    /**
     * The claims a requirement is judged against: {@code claims}, with {@code client_id} taken from
     * {@code azp} when absent.
     */
    public static Map<String, Object> withClientId(Map<String, Object> claims) {
        if (claims.get(CLIENT_ID) != null || claims.get(AZP) == null) {
            return claims;
        }
        Map<String, Object> with = new java.util.LinkedHashMap<>(claims);
        with.put(CLIENT_ID, claims.get(AZP));
        return with;
    }
}
