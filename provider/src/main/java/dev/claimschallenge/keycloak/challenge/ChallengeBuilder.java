package dev.claimschallenge.keycloak.challenge;

import dev.claimschallenge.keycloak.claims.ClaimsRequest;
import dev.claimschallenge.keycloak.claims.ClaimsRequestParser;
import dev.claimschallenge.keycloak.claims.RequestedClaim;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the challenge a resource server sends with its 401, from what a token lacks:
 * <ul>
 * <li>only acr and/or max_age: RFC 9470 {@code insufficient_user_authentication} with
 * {@code acr_values} and/or {@code max_age};</li>
 * <li>any claim: Entra-style {@code insufficient_claims} with {@code claims}, the standard base64
 * (with padding) of a claims request whose {@code access_token} member asks for everything
 * missing, acr included;</li>
 * <li>an inactive token: {@code invalid_token}; no token: no error at all (RFC 6750 section 3.1).</li>
 * </ul>
 */
public final class ChallengeBuilder {

    private final String realm;
    private final String authorizationUri;

    public ChallengeBuilder(String realm, String authorizationUri) {
        this.realm = realm;
        this.authorizationUri = authorizationUri;
    }

    public BearerChallenge noToken() {
        return new BearerChallenge(realm, authorizationUri, null, null, null, List.of(), null);
    }

    public BearerChallenge invalidToken() {
        return new BearerChallenge(realm, authorizationUri, BearerChallenge.INVALID_TOKEN, "The access token is not active",
                null, List.of(), null);
    }

    /**
     * {@code null} when nothing is missing.
     *
     * @param missingClaims the claims to ask for, as essential requests with their acceptable values
     */
    public BearerChallenge forMissing(List<RequestedClaim> missingClaims, List<String> missingAcr, Integer missingMaxAge) {
        if (missingClaims.isEmpty() && missingAcr.isEmpty() && missingMaxAge == null) {
            return null;
        }
        if (missingClaims.isEmpty()) {
            String description = !missingAcr.isEmpty() ? "A stronger authentication is required" : "A more recent authentication is required";
            return new BearerChallenge(realm, authorizationUri, BearerChallenge.INSUFFICIENT_USER_AUTHENTICATION, description,
                    null, missingAcr, missingMaxAge);
        }
        Map<String, RequestedClaim> wanted = new LinkedHashMap<>();
        missingClaims.forEach(claim -> wanted.put(claim.name(), claim));
        if (!missingAcr.isEmpty()) {
            wanted.put(ClaimsRequest.ACR, new RequestedClaim(ClaimsRequest.ACR, true, List.copyOf(missingAcr)));
        }
        // space-separated, like scope: a comma would break the naive parsers that split the header on commas
        String description = "The access token lacks required claims: "
                + String.join(" ", missingClaims.stream().map(RequestedClaim::name).toList());
        return new BearerChallenge(realm, authorizationUri, BearerChallenge.INSUFFICIENT_CLAIMS, description,
                encode(ClaimsRequest.ofAccessTokenClaims(wanted)), List.of(), missingMaxAge);
    }

    /** Standard base64 with padding, as Entra and MSAL expect; clients should accept base64url too. */
    public static String encode(ClaimsRequest request) {
        return Base64.getEncoder().encodeToString(ClaimsRequestParser.write(request).getBytes(StandardCharsets.UTF_8));
    }
}
