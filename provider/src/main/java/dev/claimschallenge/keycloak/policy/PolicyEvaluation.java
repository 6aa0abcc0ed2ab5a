package dev.claimschallenge.keycloak.policy;

import dev.claimschallenge.keycloak.claims.AcrLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a token (its claims, as issued or as introspected) lacks against a policy: required claims
 * missing or with an unacceptable value, an acr below every acceptable one, an authentication
 * older than {@code max_age}.
 */
public record PolicyEvaluation(List<RequiredClaim> missingClaims, List<String> missingAcr, Integer missingMaxAge) {

    public static final PolicyEvaluation SATISFIED = new PolicyEvaluation(List.of(), List.of(), null);

    public boolean satisfied() {
        return missingClaims.isEmpty() && missingAcr.isEmpty() && missingMaxAge == null;
    }

    /** Names of everything missing, acr and max_age included, for logs and answers. */
    public List<String> missingNames() {
        List<String> names = new ArrayList<>(missingClaims.stream().map(RequiredClaim::name).toList());
        if (!missingAcr.isEmpty()) {
            names.add("acr");
        }
        if (missingMaxAge != null) {
            names.add("max_age");
        }
        return names;
    }

    /**
     * @param loaMap the ACR-to-LoA map that ranks acr values (the policy client's, else the realm's)
     * @param now    seconds since the epoch
     */
    public static PolicyEvaluation evaluate(RequiredClaimsPolicy policy, Map<String, Object> claims,
            Map<String, Integer> loaMap, long now) {
        if (policy == null) {
            return SATISFIED;
        }
        List<RequiredClaim> missing = policy.requiredClaims().stream()
                .filter(required -> !required.isSatisfiedBy(claims.get(required.name())))
                .toList();
        List<String> acr = policy.acrValues().isEmpty() || acrMet(policy.acrValues(), claims.get("acr"), loaMap)
                ? List.of() : policy.acrValues();
        Integer maxAge = policy.maxAge() != null && !recentEnough(claims.get("auth_time"), policy.maxAge(), now) ? policy.maxAge() : null;
        return new PolicyEvaluation(missing, acr, maxAge);
    }

    /** The token's acr ranks at least as high as the lowest acceptable one. */
    static boolean acrMet(List<String> acceptable, Object tokenAcr, Map<String, Integer> loaMap) {
        if (tokenAcr == null) {
            return false;
        }
        OptionalInt have = AcrLevel.of(tokenAcr.toString(), loaMap);
        OptionalInt need = acceptable.stream().map(a -> AcrLevel.of(a, loaMap)).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        return acceptable.contains(tokenAcr.toString())
                || (have.isPresent() && need.isPresent() && have.getAsInt() >= need.getAsInt());
    }

    private static boolean recentEnough(Object authTime, int maxAge, long now) {
        return authTime instanceof Number seconds && now - seconds.longValue() <= maxAge;
    }
}
