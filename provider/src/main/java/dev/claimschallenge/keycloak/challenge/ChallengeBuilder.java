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
        return invalidToken("The access token is not active");
    }

    /**
     * {@code invalid_token} with {@code description}: a token no claims request could mend (e.g. one
     * issued to a client the API does not approve), so it carries no {@code claims}.
     */
    public BearerChallenge invalidToken(String description) {
        return new BearerChallenge(realm, authorizationUri, BearerChallenge.INVALID_TOKEN, description, null, List.of(), null);
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
        // space-separated, like scope: a comma would break the naive parsers that split the header on commas
        return insufficientClaims(missingClaims, missingAcr, missingMaxAge, "The access token lacks required claims: "
                + String.join(" ", missingClaims.stream().map(RequestedClaim::name).toList()) + alsoAuthentication(missingAcr, missingMaxAge));
    }

    /** The authentication the same challenge also asks for, so that the description names everything missing. */
    private static String alsoAuthentication(List<String> missingAcr, Integer missingMaxAge) {
        String also = missingAcr.isEmpty() ? "" : " and a stronger authentication (acr " + String.join(" ", missingAcr) + ")";
        return missingMaxAge == null ? also : also + " and a more recent authentication (within " + missingMaxAge + " s)";
    }

    /**
     * Entra's challenge for authentication contexts a token does not meet: {@code insufficient_claims}
     * whose claims request asks for them as essential {@code acrs} values, together with whatever
     * else is missing ({@link #forMissing}'s arguments).
     */
    public BearerChallenge forContexts(List<String> contexts, List<RequestedClaim> missingClaims,
            List<String> missingAcr, Integer missingMaxAge) {
        List<RequestedClaim> wanted = new java.util.ArrayList<>(missingClaims);
        wanted.add(new RequestedClaim(dev.claimschallenge.keycloak.claims.ClaimNames.ACRS, true, List.copyOf(contexts)));
        String description = "The operation needs authentication context " + String.join(" ", contexts)
                + (missingClaims.isEmpty() ? "" : " and claims " + String.join(" ", missingClaims.stream().map(RequestedClaim::name).toList()))
                + alsoAuthentication(missingAcr, missingMaxAge);
        return insufficientClaims(wanted, missingAcr, missingMaxAge, description);
    }

    private BearerChallenge insufficientClaims(List<RequestedClaim> missingClaims, List<String> missingAcr, Integer missingMaxAge,
            String description) {
        Map<String, RequestedClaim> wanted = new LinkedHashMap<>();
        missingClaims.forEach(claim -> wanted.put(claim.name(), claim));
        if (!missingAcr.isEmpty()) {
            wanted.put(ClaimsRequest.ACR, new RequestedClaim(ClaimsRequest.ACR, true, List.copyOf(missingAcr)));
        }
        return new BearerChallenge(realm, authorizationUri, BearerChallenge.INSUFFICIENT_CLAIMS, description,
                encode(ClaimsRequest.ofAccessTokenClaims(wanted)), List.of(), missingMaxAge);
    }

    /** Standard base64 with padding, as Entra and MSAL expect; clients should accept base64url too. */
    public static String encode(ClaimsRequest request) {
        return Base64.getEncoder().encodeToString(ClaimsRequestParser.write(request).getBytes(StandardCharsets.UTF_8));
    }
}
