package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.claimschallenge.engine.PolicyEngine;
import dev.claimschallenge.engine.RequiredClaim;
import dev.claimschallenge.engine.Requirement;
import java.util.List;

/**
 * What an access token for a client (issued to it, or with it in {@code aud}) has to carry.
 * The JSON form is what the admin REST API reads and writes. {@code contexts} are the ids of the
 * realm's authentication contexts the client's operations use: only those may be requested into
 * tokens for this audience ({@link AuthenticationContext}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequiredClaimsPolicy(
        @JsonProperty("id") String id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("required_claims") List<RequiredClaim> requiredClaims,
        @JsonProperty("acr_values") List<String> acrValues,
        @JsonProperty("max_age") Integer maxAge,
        @JsonProperty("requestable_claims") List<String> requestableClaims,
        @JsonProperty("mode") PolicyMode mode,
        @JsonProperty("contexts") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> contexts) implements RequirementFields {

    public RequiredClaimsPolicy {
        requiredClaims = requiredClaims == null ? List.of() : List.copyOf(requiredClaims);
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
        requestableClaims = requestableClaims == null ? List.of() : List.copyOf(requestableClaims);
        mode = mode == null ? PolicyMode.ADVERTISE : mode;
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    /** A policy that lists no authentication contexts. */
    public RequiredClaimsPolicy(String id, String clientId, List<RequiredClaim> requiredClaims, List<String> acrValues,
            Integer maxAge, List<String> requestableClaims, PolicyMode mode) {
        this(id, clientId, requiredClaims, acrValues, maxAge, requestableClaims, mode, List.of());
    }

    public RequiredClaimsPolicy withId(String newId) {
        return new RequiredClaimsPolicy(newId, clientId, requiredClaims, acrValues, maxAge, requestableClaims, mode, contexts);
    }

    /** This policy with {@code names} also requestable (e.g. the required claims of the contexts it lists). */
    public RequiredClaimsPolicy withRequestable(List<String> names) {
        List<String> all = java.util.stream.Stream.concat(requestableClaims.stream(), names.stream()).distinct().toList();
        return new RequiredClaimsPolicy(id, clientId, requiredClaims, acrValues, maxAge, all, mode, contexts);
    }

    /** What the policy requires of a token, for {@link PolicyEngine}. */
    public Requirement requirement() {
        return new Requirement(clientId, requiredClaims, acrValues, maxAge);
    }

    /** Claim names a client may request into tokens for this audience: required plus requestable. */
    public List<String> releasableClaimNames() {
        return java.util.stream.Stream.concat(requiredClaims.stream().map(RequiredClaim::name), requestableClaims.stream())
                .distinct().toList();
    }
}
