package dev.claimschallenge.keycloak.claims;

/**
 * What a claim name may be, wherever one comes from (a claims request, a policy): not empty, at
 * most {@link #MAX_LENGTH} characters, no control characters, white space, quotes or
 * backslashes (they would break a challenge header or a log line).
 */
public final class ClaimNames {

    public static final int MAX_LENGTH = 256;

    private ClaimNames() {
    }

    /** Why {@code name} is not acceptable, or {@code null} when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty() || name.isBlank()) {
            return "a claim name is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "a claim name is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || c == '"' || c == '\\') {
                return "a claim name has a control character, white space, quote or backslash";
            }
        }
        return null;
    }
}
