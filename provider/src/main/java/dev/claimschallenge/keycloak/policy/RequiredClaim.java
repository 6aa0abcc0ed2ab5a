package dev.claimschallenge.keycloak.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import java.util.List;

/**
 * One entry of {@code required_claims}, in the UMA 2.0 shape ({@code name}, {@code friendly_name},
 * {@code claim_type}, {@code claim_token_format}, {@code issuer}) plus {@code values}: the
 * acceptable values (empty: any value present). {@code name} is the key in the access token.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RequiredClaim(
        @JsonProperty("name") String name,
        @JsonProperty("friendly_name") String friendlyName,
        @JsonProperty("claim_type") String claimType,
        @JsonProperty("claim_token_format") List<String> claimTokenFormat,
        @JsonProperty("issuer") List<String> issuer,
        @JsonProperty("values") List<Object> values) {

    public RequiredClaim {
        claimTokenFormat = claimTokenFormat == null ? List.of() : List.copyOf(claimTokenFormat);
        issuer = issuer == null ? List.of() : List.copyOf(issuer);
        values = values == null ? List.of() : List.copyOf(values);
    }

    public static RequiredClaim named(String name, Object... values) {
        return new RequiredClaim(name, null, null, null, null, List.of(values));
    }

    /** A token value satisfies this entry when present and, if values are listed, one of them (or containing one). */
    public boolean isSatisfiedBy(Object tokenValue) {
        return asRequest().matches(tokenValue);
    }

    /** The same requirement as an essential claims-request entry. */
    public RequestedClaim asRequest() {
        return new RequestedClaim(name, true, values);
    }
}
