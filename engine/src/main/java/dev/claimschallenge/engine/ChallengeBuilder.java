package dev.claimschallenge.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the challenge a resource server sends with its 401, from what a token lacks:
 * <ul>
 * <li>only acr and/or max_age: RFC 9470 {@code insufficient_user_authentication} with
 * {@code acr_values} and/or {@code max_age};</li>
 * <li>any claim: Entra-style {@code insufficient_claims} with {@code claims}, the base64 ({@link #encode}:
 * letters and digits only, read alike by standard and URL-safe decoders) of a claims request whose
 * {@code access_token} member asks for everything missing, acr included;</li>
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
     * The challenge for what a token lacks against one requirement, or {@code null} when it lacks
     * nothing: RFC 9470's when only the authentication falls short, Entra's {@code claims} when any
     * claim is missing (acr joins the same claims request).
     */
    public BearerChallenge forShortfall(Shortfall shortfall) {
        if (shortfall.satisfied()) {
            return null;
        }
        if (shortfall.missingClaims().isEmpty()) {
            String description = !shortfall.missingAcr().isEmpty() ? "A stronger authentication is required"
                    : "A more recent authentication is required";
            return new BearerChallenge(realm, authorizationUri, BearerChallenge.INSUFFICIENT_USER_AUTHENTICATION, description,
                    null, shortfall.missingAcr(), shortfall.missingMaxAge());
        }
        // space-separated, like scope: a comma would break the naive parsers that split the header on commas
        return insufficientClaims(requests(shortfall), shortfall, "The access token lacks required claims: "
                + String.join(" ", shortfall.missingClaimNames()) + alsoAuthentication(shortfall));
    }

    /** The authentication the same challenge also asks for, so that the description names everything missing. */
    private static String alsoAuthentication(Shortfall shortfall) {
        String also = shortfall.missingAcr().isEmpty() ? ""
                : " and a stronger authentication (acr " + String.join(" ", shortfall.missingAcr()) + ")";
        return shortfall.missingMaxAge() == null ? also
                : also + " and a more recent authentication (within " + shortfall.missingMaxAge() + " s)";
    }

    /**
     * Entra's challenge for authentication contexts a token does not meet: {@code insufficient_claims}
     * whose claims request asks for them as essential {@code acrs} values, together with whatever
     * else {@code shortfall} (the API's own requirement; {@code null}: none) finds missing.
     */
    public BearerChallenge forContexts(List<String> contexts, Shortfall shortfall) {
        Shortfall rest = shortfall == null ? Shortfall.none(Requirement.acr("none", List.of())) : shortfall;
        List<RequestedClaim> wanted = new ArrayList<>(requests(rest));
        wanted.add(new RequestedClaim(ClaimNames.ACRS, true, List.copyOf(contexts)));
        String description = "The operation needs authentication context " + String.join(" ", contexts)
                + (rest.missingClaims().isEmpty() ? "" : " and claims " + String.join(" ", rest.missingClaimNames()))
                + alsoAuthentication(rest);
        return insufficientClaims(wanted, rest, description);
    }

    /** The missing claims as essential requests with their acceptable values. */
    private static List<RequestedClaim> requests(Shortfall shortfall) {
        return shortfall.missingClaims().stream().map(RequiredClaim::asRequest).toList();
    }

    private BearerChallenge insufficientClaims(List<RequestedClaim> missingClaims, Shortfall shortfall, String description) {
        Map<String, RequestedClaim> wanted = new LinkedHashMap<>();
        missingClaims.forEach(claim -> wanted.put(claim.name(), claim));
        if (!shortfall.missingAcr().isEmpty()) {
            wanted.put(ClaimsRequest.ACR, new RequestedClaim(ClaimsRequest.ACR, true, List.copyOf(shortfall.missingAcr())));
        }
        return new BearerChallenge(realm, authorizationUri, BearerChallenge.INSUFFICIENT_CLAIMS, description,
                encode(ClaimsRequest.ofAccessTokenClaims(wanted)), List.of(), shortfall.missingMaxAge());
    }

    /**
     * A {@code claims} value every decoder in the wild reads alike: Java's {@code Base64.getDecoder()}
     * takes standard base64 only, some Go versions unpadded base64url only, MSAL and the Azure SDKs
     * standard base64. The JSON is written in ASCII with {@code >}, {@code ?} and {@code ~} as
     * JSON unicode escapes (in ASCII text only those bytes, as the third of a group of three, encode
     * to {@code +} or {@code /}), then padded with trailing spaces (insignificant in JSON) to a
     * multiple of three bytes: the base64 then has letters and digits only, so it is at once standard
     * base64 that needs no padding and base64url.
     */
    public static String encode(ClaimsRequest request) {
        StringBuilder json = new StringBuilder(ClaimsRequestJson.writeAscii(request));
        while (json.length() % 3 != 0) {
            json.append(' ');
        }
        return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
