package dev.claimschallenge.engine;

import java.util.List;

/**
 * One entry of {@code required_claims}, in the UMA 2.0 shape ({@code name}, {@code friendly_name},
 * {@code claim_type}, {@code claim_token_format}, {@code issuer}) plus {@code values}: the
 * acceptable values (empty: any value present). {@code name} is the key in the access token. Its
 * JSON form (snake_case members, empty ones left out) is the provider's to write.
 */
public record RequiredClaim(
        String name,
        String friendlyName,
        String claimType,
        List<String> claimTokenFormat,
        List<String> issuer,
        List<Object> values) {

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
