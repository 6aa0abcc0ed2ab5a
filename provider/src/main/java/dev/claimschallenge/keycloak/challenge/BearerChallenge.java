package dev.claimschallenge.keycloak.challenge;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code WWW-Authenticate: Bearer ...} challenge (RFC 6750 section 3, RFC 9470, and the
 * Microsoft Entra {@code claims} parameter). Every value is sent as an RFC 7235 quoted string;
 * {@code error_description} never contains a quote or backslash at all, since some clients split
 * on them.
 */
public record BearerChallenge(String realm, String authorizationUri, String error, String errorDescription,
        String claims, List<String> acrValues, Integer maxAge) {

    public static final String INVALID_TOKEN = "invalid_token";
    public static final String INSUFFICIENT_CLAIMS = "insufficient_claims";
    public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

    public BearerChallenge {
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
    }

    /** The header value, e.g. {@code Bearer realm="claims-demo", authorization_uri="...", error="..."}. */
    public String toHeaderValue() {
        List<String> params = new ArrayList<>();
        params.add(param("realm", realm));
        params.add(param("authorization_uri", authorizationUri));
        if (error != null) {
            params.add(param("error", error));
        }
        if (errorDescription != null) {
            params.add(param("error_description", safeDescription(errorDescription)));
        }
        if (claims != null) {
            params.add(param("claims", claims));
        }
        if (!acrValues.isEmpty()) {
            params.add(param("acr_values", String.join(" ", acrValues)));
        }
        if (maxAge != null) {
            params.add(param("max_age", String.valueOf(maxAge)));
        }
        return "Bearer " + String.join(", ", params);
    }

    private static String param(String name, String value) {
        return name + "=\"" + quoted(value == null ? "" : value) + "\"";
    }

    /** RFC 7235 quoted-string content: backslash-escape {@code "} and {@code \}, drop control characters. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 6750: error_description is %x20-21 / %x23-5B / %x5D-7E; anything else becomes a space or goes. */
    static String safeDescription(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
                out.append(c);
            } else if (c == '"' || c == '\\' || Character.isWhitespace(c)) {
                out.append(c == '"' ? '\'' : ' ');
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }
}
