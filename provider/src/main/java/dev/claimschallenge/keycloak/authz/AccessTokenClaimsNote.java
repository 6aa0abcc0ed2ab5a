package dev.claimschallenge.keycloak.authz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the {@code access_token} member of an authorization request waits for its code to be
 * redeemed. Keycloak copies additional request parameters into client-session notes
 * ({@code client_request_param_<name>}), but one client session serves every authorization of the
 * same client in the same browser: two tabs would overwrite each other's note. So the name carries
 * a key derived from what the authorization code remembers of its own request (nonce and PKCE
 * challenge), and each code finds the request it was issued for.
 */
public final class AccessTokenClaimsNote {

    /** Prefix of the additional request parameter (and so of the client-session note). */
    public static final String PARAM_PREFIX = "claims_challenge.access_token.";
    /** Keycloak's prefix for additional request parameters kept as client notes. */
    public static final String CLIENT_NOTE_PREFIX = "client_request_param_";

    private AccessTokenClaimsNote() {
    }

    public static String paramName(String nonce, String codeChallenge) {
        return PARAM_PREFIX + key(nonce, codeChallenge);
    }

    public static String clientNoteName(String nonce, String codeChallenge) {
        return CLIENT_NOTE_PREFIX + paramName(nonce, codeChallenge);
    }

    static String key(String nonce, String codeChallenge) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.valueOf(nonce).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(codeChallenge).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
