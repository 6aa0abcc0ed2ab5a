package dev.claimschallenge.engine;

import java.util.List;

/**
 * What a token has to carry to satisfy one source of requirements: required claims (each with its
 * acceptable values), acceptable acr values (most preferred first) and a {@code max_age}. A
 * required-claims policy is one source (the provider's {@code RequiredClaimsPolicy.requirement()}); a realm-wide
 * authentication context (Entra's {@code acrs}) has the same three fields and is another.
 *
 * @param source      who requires it, for messages (a policy's client id, a context's id)
 * @param maxAge      seconds since the last active authentication, or {@code null} for no limit
 */
public record Requirement(String source, List<RequiredClaim> requiredClaims, List<String> acrValues, Integer maxAge) {

    public Requirement {
        requiredClaims = requiredClaims == null ? List.of() : List.copyOf(requiredClaims);
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
    }

    /** Only acceptable acr values, e.g. an essential acr of a claims request. */
    public static Requirement acr(String source, List<String> acrValues) {
        return new Requirement(source, List.of(), acrValues, null);
    }
}
