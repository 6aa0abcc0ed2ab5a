package dev.claimschallenge.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The one place that judges {@link Requirement}s, over plain {@link Facts} (no Keycloak types). It
 * answers the three questions every caller has:
 * <ol>
 * <li>{@link #stepUp}: what the authorization endpoint steps up for (acr and max_age);</li>
 * <li>{@link #claimsToAdd}: which claims Keycloak computes into a token for them;</li>
 * <li>{@link #judge}: what a finished token, or a session, lacks.</li>
 * </ol>
 * Token enforcement, the resource servers' evaluate and the authorization endpoint's step-up call
 * it, so that what {@code enforce} lets through passes {@code evaluate}. It judges requirements,
 * not policies: a required-claims policy is one source of them, a realm-wide authentication context
 * (same fields: required claims, acr values, max_age) another. No Keycloak, Jakarta or JSON types:
 * a resource server judges with this same class.
 */
public final class PolicyEngine {

    private PolicyEngine() {
    }

    /**
     * Step-up for several requirements at once (the policies of a client and its predicted
     * audience): the acr values of the first that names any (each is ordered most preferred
     * first, and Keycloak steps up for one list), and the smallest {@code max_age}.
     */
    public static StepUp stepUp(List<Requirement> requirements) {
        return new StepUp(
                requirements.stream().map(Requirement::acrValues).filter(values -> !values.isEmpty()).findFirst().orElse(List.of()),
                requirements.stream().map(Requirement::maxAge).filter(Objects::nonNull).min(Integer::compare));
    }

    /**
     * The claims Keycloak computes into a token for these requirements, as an essential claims
     * request: each required claim with its acceptable values (the first requirement that names a
     * claim sets its values), plus {@code acr} and {@code auth_time} (any value, computed from the
     * session) where a requirement names acr values or a max_age, so that the resource server
     * sees what was judged.
     */
    public static ClaimsRequest claimsToAdd(List<Requirement> requirements) {
        Map<String, RequestedClaim> claims = new LinkedHashMap<>();
        for (Requirement requirement : requirements) {
            requirement.requiredClaims().forEach(required -> claims.putIfAbsent(required.name(), required.asRequest()));
            if (!requirement.acrValues().isEmpty()) {
                claims.putIfAbsent(ClaimNames.ACR, new RequestedClaim(ClaimNames.ACR, false, List.of()));
            }
            if (requirement.maxAge() != null) {
                claims.putIfAbsent(ClaimNames.AUTH_TIME, new RequestedClaim(ClaimNames.AUTH_TIME, false, List.of()));
            }
        }
        return ClaimsRequest.ofAccessTokenClaims(claims);
    }

    /**
     * What {@code facts} lack against {@code requirement}: each required claim's value (a list
     * value passes when it contains an acceptable one; numbers compare by value, booleans also as
     * the strings Keycloak's attribute mappers write; {@code azp} and {@code client_id} are the
     * facts' client, never a claim), the level of authentication against the acceptable acr values
     * ({@link #acrMet}), and {@code now - authTime <= max_age} (unknown time: not met).
     */
    public static Shortfall judge(Requirement requirement, Facts facts) {
        List<RequiredClaim> missing = requirement.requiredClaims().stream()
                .filter(required -> !required.isSatisfiedBy(valueOf(required.name(), facts)))
                .toList();
        List<String> missingAcr = requirement.acrValues().isEmpty() || acrMet(requirement.acrValues(), facts.level(), facts.loaMap())
                ? List.of() : requirement.acrValues();
        Integer maxAge = requirement.maxAge() != null && !recentEnough(facts.authTime(), requirement.maxAge(), facts.now())
                ? requirement.maxAge() : null;
        return new Shortfall(requirement, missing, missingAcr, maxAge);
    }

    /**
     * The ids of the authentication contexts {@code facts} meet, in {@code contexts}' order: what a
     * token's {@code acrs} lists, and what a resource server checks an operation's contexts against.
     * The facts rank acr values through the realm's map (contexts are realm-wide).
     */
    public static List<String> met(Map<String, Requirement> contexts, Facts facts) {
        return contexts.entrySet().stream().filter(context -> judge(context.getValue(), facts).satisfied())
                .map(Map.Entry::getKey).toList();
    }

    private static Object valueOf(String claim, Facts facts) {
        return ApprovedClients.names(claim) ? facts.client() : facts.claims().get(claim);
    }

    /**
     * Whether a level of authentication meets acceptable acr values: it is at least the level of
     * the lowest-ranked acceptable value. Levels, not strings: an acr string is a label a client
     * can choose (its own {@code acr.loa.map}, a mapper), the level is what Keycloak decided. An
     * acceptable value that is neither in {@code loaMap} nor a number ranks nothing; unknown
     * level: not met.
     */
    public static boolean acrMet(List<String> acceptable, Integer level, Map<String, Integer> loaMap) {
        if (level == null) {
            return false;
        }
        OptionalInt need = acceptable.stream().map(value -> level(value, loaMap)).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).min();
        return need.isPresent() && level >= need.getAsInt();
    }

    /** The level of authentication an acr value stands for: its LoA-map entry, else the number it is, else none. */
    public static OptionalInt level(String acr, Map<String, Integer> loaMap) {
        Integer mapped = acr == null ? null : loaMap.get(acr);
        if (mapped != null) {
            return OptionalInt.of(mapped);
        }
        try {
            return acr == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(acr));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static boolean recentEnough(Long authTime, int maxAge, long now) {
        return authTime != null && now - authTime <= maxAge;
    }
}
