package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What an access token for a client (issued to it, or with it in {@code aud}) has to carry.
 * The JSON form is what the admin REST API reads and writes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequiredClaimsPolicy(
        @JsonProperty("id") String id,
        @JsonProperty("client_id") String clientId,
        @JsonProperty("required_claims") List<RequiredClaim> requiredClaims,
        @JsonProperty("acr_values") List<String> acrValues,
        @JsonProperty("max_age") Integer maxAge,
        @JsonProperty("requestable_claims") List<String> requestableClaims,
        @JsonProperty("mode") PolicyMode mode) {

    public RequiredClaimsPolicy {
        requiredClaims = requiredClaims == null ? List.of() : List.copyOf(requiredClaims);
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
        requestableClaims = requestableClaims == null ? List.of() : List.copyOf(requestableClaims);
        mode = mode == null ? PolicyMode.ADVERTISE : mode;
    }

    public RequiredClaimsPolicy withId(String newId) {
        return new RequiredClaimsPolicy(newId, clientId, requiredClaims, acrValues, maxAge, requestableClaims, mode);
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
