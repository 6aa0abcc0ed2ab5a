package dev.claimschallenge.engine;

/**
 * What a claim name may be, wherever one comes from (a claims request, a policy): not empty, at
 * most {@link #MAX_LENGTH} characters, no control characters, white space, quotes or
 * backslashes (they would break a challenge header or a log line), no invisible formatting
 * characters (a right-to-left override makes a name read as another). Other Unicode is fine.
 */
public final class ClaimNames {

    public static final int MAX_LENGTH = 256;

    /** Claims of the authentication itself, computed by Keycloak from the session. */
    public static final String ACR = "acr";
    public static final String AUTH_TIME = "auth_time";
    /** Microsoft's client-capabilities claim: which claims challenges the client handles (e.g. {@code cp1}). */
    public static final String CLIENT_CAPABILITIES = "xms_cc";
    /** Entra's claim listing the authentication contexts a token meets; a request for it names contexts to satisfy. */
    public static final String ACRS = "acrs";

    private ClaimNames() {
    }

    /** Why {@code name} is not acceptable, or {@code null} when it is. */
    public static String problem(String name) {
        return problem("a claim name", name);
    }

    /**
     * Why {@code name} cannot be a space-separated, quoted protocol token such as an acr value (it
     * must survive {@code acr_values="a b"} and JSON), or {@code null} when it can; {@code what}
     * starts the message.
     */
    public static String problem(String what, String name) {
        if (name == null || name.isEmpty() || name.isBlank()) {
            return what + " is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return what + " is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '"' || c == '\\') {
                return what + " has a control character, white space, quote or backslash";
            }
            // invisible formatting (bidi overrides, zero-width) and broken surrogate pairs: names that mislead
            if (Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(name.charAt(i - 1)))) {
                return what + " has an invisible formatting character or a broken surrogate pair";
            }
        }
        return null;
    }
}
